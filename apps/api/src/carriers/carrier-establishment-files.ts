import { HttpStatus } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import {
  ESTABLISHMENT_MATERIALS,
  EstablishmentRequestStatus as ES,
  type EstablishmentFileDto,
} from '@jiebang/contracts';
import { refuse } from './carrier-common';
import { CarrierEstablishmentFileEntity, CarrierEstablishmentRequestEntity } from './carrier-running.entity';

/** The article behind the 考核申请's materials (牵头建设单位提交考核申请; 建设方案作为筹建期考核的重要依据). */
export const ESTABLISHMENT_FILES_RULE = '003 §20';

/** A stored file of a 考核申请's materials as the API answers it. */
export function toEstablishmentFileDto(f: CarrierEstablishmentFileEntity): EstablishmentFileDto {
  return {
    id: f.id,
    carrierId: f.carrierId,
    requestId: f.requestId,
    materialKey: f.materialKey,
    filename: f.filename,
    contentType: f.contentType,
    sizeBytes: f.sizeBytes,
    sha256: f.sha256,
    uploadedAt: f.createdAt.toISOString(),
  };
}

/** The files of the 考核申请 `requestIds`, oldest first, by request id (an empty list for a request without any). */
export async function filesOfRequests(
  em: EntityManager,
  requestIds: readonly string[],
): Promise<Map<string, EstablishmentFileDto[]>> {
  const out = new Map<string, EstablishmentFileDto[]>(requestIds.map((id) => [id, []]));
  if (!requestIds.length) return out;
  const rows = await em
    .getRepository(CarrierEstablishmentFileEntity)
    .find({ where: { requestId: In([...requestIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  for (const f of rows) out.get(f.requestId!)?.push(toEstablishmentFileDto(f));
  return out;
}

/** The centre's draft files (not yet submitted with a 考核申请), oldest first. */
export function draftFiles(em: EntityManager, carrierId: string): Promise<CarrierEstablishmentFileEntity[]> {
  return em
    .getRepository(CarrierEstablishmentFileEntity)
    .find({ where: { carrierId, requestId: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
}

/**
 * Binds the centre's draft files to the 考核申请 being submitted (call inside its transaction, the carrier row
 * locked). The required materials of `ESTABLISHMENT_MATERIALS` must each have a file.
 * @returns the bound files (for the submission's audit record).
 * @throws 422 `CARRIER_ESTABLISHMENT_MATERIALS_MISSING` with `details.missing: [{ key, label }]`; nothing is bound.
 */
export async function bindDraftFiles(
  em: EntityManager,
  carrierId: string,
  requestId: string,
): Promise<EstablishmentFileDto[]> {
  const drafts = await draftFiles(em, carrierId);
  const missing = ESTABLISHMENT_MATERIALS.filter((m) => m.required && !drafts.some((f) => f.materialKey === m.key)).map(
    (m) => ({ key: m.key, label: m.label }),
  );
  if (missing.length)
    throw refuse(
      'CARRIER_ESTABLISHMENT_MATERIALS_MISSING',
      `考核申请还缺 ${missing.length} 项材料:${missing.map((m) => m.label).join(';')}。请先上传再提交`,
      ESTABLISHMENT_FILES_RULE,
      HttpStatus.UNPROCESSABLE_ENTITY,
      { missing },
    );
  if (drafts.length)
    await em.getRepository(CarrierEstablishmentFileEntity).update({ id: In(drafts.map((f) => f.id)) }, { requestId });
  return drafts.map((f) => toEstablishmentFileDto({ ...f, requestId }));
}

/**
 * Gives the files of a returned 考核申请 back to the centre as its draft for the next one (its audit record of the
 * submission keeps their names and checksums).
 */
export async function releaseRequestFiles(em: EntityManager, requestId: string): Promise<void> {
  await em.getRepository(CarrierEstablishmentFileEntity).update({ requestId }, { requestId: null });
}

/** The carrier's 考核申请 awaiting its 组织单位 or agreed (at most one, `ux_carrier_establishment_request_open`). */
export function openRequest(em: EntityManager, carrierId: string): Promise<CarrierEstablishmentRequestEntity | null> {
  return em.getRepository(CarrierEstablishmentRequestEntity).findOne({
    where: [
      { carrierId, status: ES.Submitted },
      { carrierId, status: ES.Agreed },
    ],
  });
}
