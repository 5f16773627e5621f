/**
 * The organisation data of the web as the generated contract types them (`apps/web/generated/openapi-schema`):
 * what the queries of this feature return.
 */
import type { components } from '../../../../generated/openapi-schema';

/** An organisation (`GET /organizations/:id`, the items of `GET /organizations`). */
export type Organization = components['schemas']['OrganizationDto'];
/** A control edge (`GET /organizations/:id/controls`, `POST /controls`). */
export type ControlEdge = components['schemas']['ControlEdgeDto'];
/** A credit record (`GET /organizations/:id/credit-records`, `POST /credit-records`). */
export type CreditRecord = components['schemas']['CreditRecordDto'];
/** The answer of `POST /eligibility/check`. */
export type Eligibility = components['schemas']['EligibilityResponse'];
