import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectRepository } from '@nestjs/typeorm';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Repository } from 'typeorm';
import { CurrentUser } from '@jiebang/contracts';
import { AuthSecret } from './auth-secret';
import { UserEntity } from './user.entity';

/** Validates bearer tokens and re-reads the user, so that role changes take effect at once. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    secret: AuthSecret,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: secret.value,
      ignoreExpiration: false,
    });
  }

  async validate(payload: { sub: string }): Promise<CurrentUser | null> {
    const u = await this.users.findOne({ where: { id: payload.sub } });
    if (!u) return null;
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      staffRoles: u.staffRoles,
      orgId: u.orgId,
    };
  }
}
