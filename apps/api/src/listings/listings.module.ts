import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SearchModule } from '../search/search.module';
import { AnnouncementEntity } from './announcement.entity';
import { ListingEntity } from './listing.entity';
import { ListingsController } from './listings.controller';
import { ListingsService } from './listings.service';

/** The public board: search, listing details, announcements. */
@Module({
  imports: [TypeOrmModule.forFeature([ListingEntity, AnnouncementEntity]), SearchModule],
  controllers: [ListingsController],
  providers: [ListingsService],
  exports: [ListingsService],
})
export class ListingsModule {}
