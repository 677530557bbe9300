// Any /api/v1 path no route answers: a JSON 404 in the API's error shape (not Next's HTML page).
import { errorBody } from '@/server/api-error';

export const dynamic = 'force-dynamic';

const notFound = (): Response => Response.json(errorBody('not-found', 'no such API route; see docs/contract.md'), { status: 404 });

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
