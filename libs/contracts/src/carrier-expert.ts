import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from './page';

/**
 * The invited expert's side of the carriers' expert review (专家评审, issue 15; RULEBOOK §7; seeds `000` 四.3,
 * `001 §10(二)`): `GET /api/v1/expert/carrier-reviews` lists the carrier applications the signed-in expert was
 * invited to review, newest invitation first, with whether their opinion is still due.
 */

/** `GET /expert/carrier-reviews` query: `pending` (opinion not yet given), `done`, or all; paginated (`PageQueryDto`). */
export class CarrierExpertReviewQueryDto extends PageQueryDto {
  @IsOptional() @IsIn(['pending', 'done']) state?: 'pending' | 'done';
}

/** One invitation of the signed-in expert to review a carrier application. */
export class CarrierExpertInvitationDto {
  /** The invitation (the `carrier_expert_review` row). */
  id!: string;
  applicationId!: string;
  platformName!: string;
  /** `CarrierKind` of the application. */
  kind!: string;
  intlBaseType!: string | null;
  /** 申报单位. */
  orgName!: string;
  roundTitle!: string;
  /** The application's status (`CarrierApplicationStatus`): an opinion is accepted only in `expert_review`. */
  status!: string;
  /** When staff invited the expert (ISO instant). */
  assignedAt!: string;
  /** When the expert gave the opinion (ISO instant), null while it is due. */
  submittedAt!: string | null;
  /** The expert's own score (0–100) once given. */
  score!: number | null;
  recommend!: boolean | null;
}

/** A page of the expert's carrier review invitations. */
export class CarrierExpertInvitationPageDto {
  items!: CarrierExpertInvitationDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}
