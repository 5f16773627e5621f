/**
 * Carrier applications' evidence files, objections as staff see them, and the reduced public view of an
 * application on public notice (issue 15; RULEBOOK §7; seeds `000` 三, 四.3, `001 §10`). Shapes of
 * `/api/v1/carriers/applications/:id/evidence…`, `/api/v1/carriers/notices…` and the `evidenceItems` /
 * `objections` fields of `CarrierApplicationDto`.
 */

/** One uploaded file of a required evidence item (申报书附件). Sizes in bytes; times ISO 8601. */
export class CarrierEvidenceFileDto {
  id!: string;
  applicationId!: string;
  /** The rule set's `requiredEvidence[].key` the file proves (e.g. `sitePhotos`). */
  evidenceKey!: string;
  filename!: string;
  /** The type judged by content (PDF, PNG, JPEG, .docx, .xlsx). */
  contentType!: string;
  sizeBytes!: number;
  sha256!: string;
  uploadedAt!: string;
}

/**
 * One required evidence item of the application's kind with its files (`000` 三; `001 §10(一)`): it counts as
 * present on submission only with at least one file. `note` is the old free-text reference (`form.evidence[key]`),
 * kept for compatibility and shown, never counted.
 */
export class CarrierEvidenceItemDto {
  key!: string;
  label!: string;
  rule!: string;
  /** The keys of the thresholds this evidence proves (the threshold's `evidence` names this item). */
  thresholdKeys!: string[];
  note!: string | null;
  files!: CarrierEvidenceFileDto[];
}

/** `GET /carriers/applications/:id/evidence`. */
export class CarrierEvidenceListDto {
  items!: CarrierEvidenceItemDto[];
  /** True while the applicant may still upload and remove files (draft or returned). */
  editable!: boolean;
}

/** An objection lodged during the notice, as staff see it (公示异议; `000` 四.3). */
export class CarrierObjectionRecordDto {
  id!: string;
  applicationId!: string;
  reasons!: string;
  /** `open`, `dismissed`, `upheld`. */
  status!: string;
  resolution!: string | null;
  lodgedByName!: string | null;
  lodgedByOrgName!: string | null;
  lodgedAt!: string;
  resolvedAt!: string | null;
}

/**
 * 公示 — the reduced public view of a carrier application on notice: who applies for what, where, in which field,
 * the notice period and how to object; never the 申报书's figures, staff lists, evidence files, credit checks or
 * expert opinions (RULEBOOK §7 "Notice").
 */
export class CarrierNoticeDto {
  /** The application's id (objections go to `POST /carriers/applications/:id/objections`). */
  id!: string;
  platformName!: string;
  kind!: string;
  kindLabel!: string;
  intlBaseType!: string | null;
  /** 依托单位. */
  hostOrgName!: string;
  regionCode!: string | null;
  fields!: string[];
  roundTitle!: string;
  /** `on_notice`, or `objection` while an objection freezes the notice. */
  status!: string;
  noticeFirstDay!: string | null;
  noticeLastDay!: string | null;
  /** 24:00 Beijing time of the last day (ISO). */
  noticeEndsAt!: string | null;
  /** How to object, in words. */
  howToObject!: string;
  /** The article of the notice. */
  rule!: string;
}

/** `GET /carriers/notices`. */
export class CarrierNoticeListDto {
  items!: CarrierNoticeDto[];
}
