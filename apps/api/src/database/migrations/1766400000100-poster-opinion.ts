import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 发榜方意见 (issue 16 item 4; seed `004 §9(五)`: review is organised by the department and the poster): one
 * opinion per application under review, by a user of the listing's poster organisation — whether it recommends
 * the applicant, and why — recorded beside the experts' scores. Rewriting it replaces it (audited).
 */
export class PosterOpinion1766400000100 implements MigrationInterface {
  name = 'PosterOpinion1766400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE poster_opinion (
        application_id uuid NOT NULL,
        recommend boolean NOT NULL,
        opinion varchar(3000) NOT NULL,
        author_user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_poster_opinion PRIMARY KEY (application_id),
        CONSTRAINT fk_poster_opinion_application FOREIGN KEY (application_id) REFERENCES application (id)
          ON DELETE CASCADE,
        CONSTRAINT fk_poster_opinion_author FOREIGN KEY (author_user_id) REFERENCES app_user (id) ON DELETE RESTRICT
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE poster_opinion`);
  }
}
