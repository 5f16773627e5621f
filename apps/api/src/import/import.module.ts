import { Module } from '@nestjs/common';
import { SearchModule } from '../search/search.module';
import { ImportService } from './import.service';

/** Data import (`npm run import`) and the demo seed. */
@Module({
  imports: [SearchModule],
  providers: [ImportService],
  exports: [ImportService],
})
export class ImportModule {}
