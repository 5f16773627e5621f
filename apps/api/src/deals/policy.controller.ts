import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SubsidyPreviewDto, SubsidyPreviewQueryDto, yuanToFen } from '@jiebang/contracts';
import { computeSubsidy } from '@jiebang/policy';
import { Public } from '../auth/auth.decorators';
import { subsidySnapshot } from './deal-subsidy.service';

/** The money rules of `libs/policy`, served for previews (public: the rules are public). */
@ApiTags('policy')
@Public()
@Controller('policy')
export class PolicyController {
  /**
   * `GET /api/v1/policy/subsidy?kind=challenge|achievement&baseYuan=1234.56` → the subsidy the rules give for
   * that base: `{ mode, baseFen, rateBp, capFen, subsidyFen, capApplied, rule, steps }` (fen as integer
   * strings; `rateBp` 3000 = 30 %). Source: seed `004 §11`, RULEBOOK §5. 400 `VALIDATION_FAILED` for a bad
   * kind or amount.
   */
  @Get('subsidy')
  subsidy(@Query() q: SubsidyPreviewQueryDto): SubsidyPreviewDto {
    const { mode, baseFen, rateBp, capFen, subsidyFen, capApplied, rule, steps } = subsidySnapshot(
      computeSubsidy(q.kind, yuanToFen(q.baseYuan)),
    );
    return { mode, baseFen, rateBp, capFen, subsidyFen, capApplied, rule, steps };
  }
}
