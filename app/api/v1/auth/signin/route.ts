import { withApi } from '@/server/api-error';
import { handleSignin } from '@/server/auth/signin';

export const dynamic = 'force-dynamic';

/** Sign in with the token (form or JSON); sets the HttpOnly, SameSite=Strict session cookie. */
export const POST = withApi(async (req: Request) => handleSignin(req, process.env));
