import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsUUID } from 'class-validator';

/** Body of `POST /api/v1/eligibility/check`. */
export class EligibilityCheckDto {
  @IsUUID()
  listingId!: string;

  /** The applicant, or the lead of a consortium (联合体牵头单位). */
  @IsUUID()
  applicantOrgId!: string;

  /** Consortium members other than the lead. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  memberOrgIds?: string[];
}

/** A refusal: `code` and `rule` (seed article), the organisation concerned and the control path as evidence. */
export class EligibilityBlockDto {
  code!: string;
  rule!: string;
  orgId!: string;
  /** Org ids alternating with edge labels, e.g. `[A, '60%', B, '51%', C]`; `'|'` separates two chains. */
  path!: string[];
  message!: string;
}

/** A hint for staff that is never a block (shared legal representative, contact, USCC region digits). */
export class EligibilityWarningDto {
  code!: string;
  rule!: string;
  orgId!: string;
  message!: string;
  evidence!: Record<string, string>;
}

/** Response of `POST /api/v1/eligibility/check`; `orgNames` names every org id that appears in a path. */
export class EligibilityResponse {
  eligible!: boolean;
  blocks!: EligibilityBlockDto[];
  warnings!: EligibilityWarningDto[];
  orgNames!: Record<string, string>;
  asOf!: string;
}
