import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a 揭榜挂帅 榜单 announces (issue 16 item 16): the amount on offer (`offer_amount_fen`: 榜额 of a 技术攻关
 * listing, 意向转让价格 of a 成果转化 one; integer fen), the application deadline (`apply_deadline`: 揭榜截止, a Beijing
 * date, inclusive), the forms of co-operation offered (`cooperation_forms`: transfer, license, equity_investment,
 * development — 转让, 许可, 作价投资, 合作开发) and a contact (name, phone, e-mail).
 */
export class ListingTerms1766400000000 implements MigrationInterface {
  name = 'ListingTerms1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE listing
      ADD COLUMN offer_amount_fen bigint NULL,
      ADD COLUMN apply_deadline date NULL,
      ADD COLUMN cooperation_forms text[] NOT NULL DEFAULT '{}',
      ADD COLUMN contact_name varchar(50) NULL,
      ADD COLUMN contact_phone varchar(30) NULL,
      ADD COLUMN contact_email varchar(100) NULL,
      ADD CONSTRAINT ck_listing_offer_amount CHECK (offer_amount_fen IS NULL OR offer_amount_fen >= 0),
      ADD CONSTRAINT ck_listing_cooperation_forms
        CHECK (cooperation_forms <@ ARRAY['transfer', 'license', 'equity_investment', 'development']::text[])`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE listing
      DROP CONSTRAINT ck_listing_cooperation_forms,
      DROP CONSTRAINT ck_listing_offer_amount,
      DROP COLUMN contact_email,
      DROP COLUMN contact_phone,
      DROP COLUMN contact_name,
      DROP COLUMN cooperation_forms,
      DROP COLUMN apply_deadline,
      DROP COLUMN offer_amount_fen`);
  }
}
