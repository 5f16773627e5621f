import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AnnouncementEntity } from '../listings/announcement.entity';
import { ListingEntity } from '../listings/listing.entity';
import { OrganizationCandidateCountEntity, OrganizationEntity } from '../organizations/organization.entity';
import { InitialSchema1763712000000 } from './migrations/1763712000000-initial-schema';
import { IdentityAndGraph1763798400000 } from './migrations/1763798400000-identity-and-graph';
import { OrganizationCandidateIndex1763884800000 } from './migrations/1763884800000-organization-candidate-index';
import { UserEntity } from '../auth/user.entity';
import { ControlEdgeEntity } from '../graph/control-edge.entity';
import { CreditRecordEntity } from '../graph/credit-record.entity';
import { AuditLogEntity } from '../audit/audit-log.entity';
import { NotificationEntity } from '../notifications/notification.entity';
import {
  ApplicationEntity,
  ApplicationMemberEntity,
  ExpertAssignmentEntity,
  ReviewScoreEntity,
  ScreeningOpinionEntity,
} from '../pipeline/application.entity';
import { Pipeline1763971200000 } from './migrations/1763971200000-pipeline';
import { Attachments1764057600000 } from './migrations/1764057600000-attachments';
import { Negotiations1764144000000 } from './migrations/1764144000000-negotiations';
import { NegotiationAttachments1764230400000 } from './migrations/1764230400000-negotiation-attachments';
import {
  AgreementDraftEntity,
  NegotiationAttachmentEntity,
  NegotiationEntity,
  NegotiationMessageEntity,
  NegotiationReadEntity,
  OfferEntity,
} from '../negotiations/negotiation.entity';
import { AttachmentEntity } from '../attachments/attachment.entity';
import { DEAL_ENTITIES } from '../deals/deal.entity';
import { Deals1764403200000 } from './migrations/1764403200000-deals';
import { OrganizationCandidateCount1764489600000 } from './migrations/1764489600000-organization-candidate-count';
import { AuthRefreshTokenEntity, AuthSessionEntity } from '../auth/session.entity';
import { AuthSessions1764576000000 } from './migrations/1764576000000-auth-sessions';
import { ControlEdgeHistory1764665000000 } from './migrations/1764665000000-control-edge-history';
import { UsersAndExperts1765000000000 } from './migrations/1765000000000-users-and-experts';
import { ExpertProfileEntity } from '../experts/expert-profile.entity';
import { NotificationNotify1764750000000 } from './migrations/1764750000000-notification-notify';
import { OrganizationPartner1765500000000 } from './migrations/1765500000000-organization-partner';
import { OrganizationDerivedFields1765500000100 } from './migrations/1765500000100-organization-derived-fields';
import { MirrorSources1765500000200 } from './migrations/1765500000200-mirror-sources';
import { WorkReminder1766000000000 } from './migrations/1766000000000-work-reminder';
import { NotificationDelivery1766200000000 } from './migrations/1766200000000-notification-delivery';
import { NotificationDeliveryEntity, NotificationPreferenceEntity } from '../notifications/delivery/delivery.entity';
import { ListingTerms1766400000000 } from './migrations/1766400000000-listing-terms';
import { PosterOpinion1766400000100 } from './migrations/1766400000100-poster-opinion';
import { PosterOpinionEntity } from '../pipeline/poster-opinion.entity';
import { HolidayCalendar1766300000000 } from './migrations/1766300000000-holiday-calendar';
import { CALENDAR_ENTITIES } from '../calendar/calendar.entity';
import { Carriers1766600000500 } from './migrations/1766600000500-carriers';
import { AuthChangedNotify1766700000400 } from './migrations/1766700000400-auth-changed-notify';
import { CarrierRunning1766700000200 } from './migrations/1766700000200-carrier-running';
import { CarrierRecommenderReview1766700000600 } from './migrations/1766700000600-carrier-recommender-review';
import { CarrierEstablishmentFiles1766700000720 } from './migrations/1766700000720-carrier-establishment-files';
import { CarrierSupportReward1766700000780 } from './migrations/1766700000780-carrier-support-reward';
import { CARRIER_RUNNING_ENTITIES } from '../carriers/carrier-running.entity';
import { CARRIER_ENTITIES } from '../carriers/carrier.entity';
import { CARRIER_BOARD_ENTITIES } from '../carriers/carrier-lists.entity';
import { CarrierBoard1766700000300 } from './migrations/1766700000300-carrier-board';
import { CarrierEvidenceFileEntity } from '../carriers/carrier-evidence.entity';
import { CarrierEvidenceFiles1766700000100 } from './migrations/1766700000100-carrier-evidence-files';

/** Every entity, for Nest and the TypeORM CLI alike. */
export const ENTITIES = [
  OrganizationEntity,
  ListingEntity,
  AnnouncementEntity,
  UserEntity,
  ControlEdgeEntity,
  CreditRecordEntity,
  ApplicationEntity,
  ApplicationMemberEntity,
  ExpertAssignmentEntity,
  ScreeningOpinionEntity,
  ReviewScoreEntity,
  PosterOpinionEntity,
  NotificationEntity,
  AuditLogEntity,
  AttachmentEntity,
  NegotiationEntity,
  NegotiationMessageEntity,
  NegotiationReadEntity,
  OfferEntity,
  AgreementDraftEntity,
  NegotiationAttachmentEntity,
  ...DEAL_ENTITIES,
  OrganizationCandidateCountEntity,
  AuthSessionEntity,
  AuthRefreshTokenEntity,
  ExpertProfileEntity,
  NotificationPreferenceEntity,
  NotificationDeliveryEntity,
  ...CARRIER_ENTITIES,
  ...CARRIER_RUNNING_ENTITIES,
  ...CARRIER_BOARD_ENTITIES,
  CarrierEvidenceFileEntity,
  ...CALENDAR_ENTITIES,
];

/** Every migration, in order. A new entity change must come with a new migration here (`npm run db:check`). */
export const MIGRATIONS = [
  InitialSchema1763712000000,
  IdentityAndGraph1763798400000,
  OrganizationCandidateIndex1763884800000,
  Pipeline1763971200000,
  Attachments1764057600000,
  Negotiations1764144000000,
  NegotiationAttachments1764230400000,
  Deals1764403200000,
  OrganizationCandidateCount1764489600000,
  AuthSessions1764576000000,
  ControlEdgeHistory1764665000000,
  NotificationNotify1764750000000,
  UsersAndExperts1765000000000,
  OrganizationPartner1765500000000,
  OrganizationDerivedFields1765500000100,
  MirrorSources1765500000200,
  WorkReminder1766000000000,
  NotificationDelivery1766200000000,
  HolidayCalendar1766300000000,
  ListingTerms1766400000000,
  PosterOpinion1766400000100,
  Carriers1766600000500,
  CarrierEvidenceFiles1766700000100,
  CarrierRunning1766700000200,
  CarrierBoard1766700000300,
  AuthChangedNotify1766700000400,
  CarrierRecommenderReview1766700000600,
  CarrierEstablishmentFiles1766700000720,
  CarrierSupportReward1766700000780,
];

/**
 * The one TypeORM configuration shared by Nest (`TypeOrmModule.forRootAsync`) and the CLI scripts.
 * `synchronize` is always false: the schema changes only through migrations (ARCHITECTURE practice 4).
 */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    extra: { max: 10 },
  };
}

/** Key of the PostgreSQL advisory lock held while migrating (any constant bigint unique to this purpose). */
const MIGRATION_LOCK_KEY = '7264921018';

/**
 * Runs pending migrations on `url`; returns the names of the migrations applied now. Holds a session-level
 * PostgreSQL advisory lock meanwhile, so that API replicas and migration jobs starting at once migrate one after
 * the other (the later ones find nothing pending) instead of racing on the same DDL.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  const lock = ds.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
    await ds.destroy();
  }
}

/**
 * Names of the migrations not yet applied on `url`, oldest first, without applying or creating anything
 * (an empty database reports them all). Used with `MIGRATE_ON_START=false` and by `migrate --check`.
 */
export async function pendingMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    const [{ t }] = (await ds.query(`SELECT to_regclass('typeorm_migrations') AS t`)) as { t: string | null }[];
    const applied: { name: string }[] = t ? await ds.query('SELECT name FROM typeorm_migrations') : [];
    const done = new Set(applied.map((r) => r.name));
    return ds.migrations.map((m) => m.name ?? m.constructor.name).filter((n) => !done.has(n));
  } finally {
    await ds.destroy();
  }
}
