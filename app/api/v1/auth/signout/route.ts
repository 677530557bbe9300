import { withApi } from '@/server/api-error';
import { handleSignout } from '@/server/auth/signin';

export const dynamic = 'force-dynamic';

export const POST = withApi(async (req: Request) => handleSignout(req));
