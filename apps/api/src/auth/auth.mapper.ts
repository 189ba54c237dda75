import type { AuthResponse, UserResponse } from './dto/auth.dto';
import type { Session } from './auth.service';
import type { UserEntity } from './user.entity';

export function toUserResponse(user: UserEntity): UserResponse {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    emailVerified: user.emailVerifiedAt !== null,
    locale: user.locale,
    createdAt: user.createdAt.toISOString(),
  };
}

export function toAuthResponse(session: Session): AuthResponse {
  return { user: toUserResponse(session.user), accessToken: session.accessToken, expiresIn: session.expiresIn };
}
