import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseEnumPipe,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  AddCarrierListItemDto,
  AddCarrierMemberDto,
  Capability,
  CarrierCapacityListDto,
  CarrierListsDto,
  CarrierMemberListDto,
  CarrierProjectDto,
  CarrierProjectListDto,
  CarrierProjectNoteDto,
  CarrierProjectQueryDto,
  CreateCarrierProjectDto,
  CurrentUser,
  DeclareCarrierCapacityDto,
  HandOverCarrierProjectDto,
  LinkCarrierProjectListingDto,
  ListingKind,
  ListingOriginDto,
  Role,
} from '@jiebang/contracts';
import { AuthUser, Public, Requires, Roles } from '../auth/auth.decorators';
import { CarrierListsService } from './carrier-lists.service';
import { CarrierProjectsService } from './carrier-projects.service';

/** The roles of organisations' users (a carrier's 依托单位). */
const ORG_ROLES = [Role.Institute, Role.Enterprise] as const;

/** `:list` of the list routes: `challenge` (技术攻关清单) or `achievement` (成果转化清单). */
const LIST_PIPE = new ParseEnumPipe(ListingKind);

/**
 * `/api/v1/carriers/…` — carriers on the board (issue 15 §8; RULEBOOK §7 "On the board"): a 技术创新中心's members
 * (staff record them, `003 §30`) and its 技术攻关清单 / 成果转化清单 (`003 §22`, curated by the 依托单位's users, public);
 * a carrier's declared service capacity (public; counted in matching); the project pool from concept validation to a
 * pilot base and a 成果转化 listing (`001 §14`), with the listing's public origin.
 */
@ApiTags('carriers')
@Controller('carriers')
export class CarrierListsController {
  constructor(
    private readonly lists: CarrierListsService,
    private readonly projects: CarrierProjectsService,
  ) {}

  /** `GET /carriers/listing-origin/:listingId` — where a published 成果转化 listing came from (public; 404 if none). */
  @Public()
  @Get('listing-origin/:listingId')
  @ApiOperation({ summary: '成果转化榜单来源(概念验证 → 中试)' })
  origin(@Param('listingId', ParseUUIDPipe) listingId: string): Promise<ListingOriginDto> {
    return this.projects.origin(listingId);
  }

  /** `GET /carriers/projects/:id` — a project with its history (the carriers' hosts involved, staff). */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES, Capability.RunCarrierProgrammes)
  @Get('projects/:id')
  @ApiOperation({ summary: '项目库项目' })
  project(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<CarrierProjectDto> {
    return this.projects.get(user, id);
  }

  /** `POST /carriers/projects/:id/validate` — the concept-validation centre records that the project passed. */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Post('projects/:id/validate')
  @HttpCode(200)
  @ApiOperation({ summary: '通过概念验证' })
  validate(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CarrierProjectNoteDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierProjectDto> {
    return this.projects.validate(user, id, dto.note);
  }

  /** `POST /carriers/projects/:id/handover` — offer a validated project to a pilot base's pool. */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Post('projects/:id/handover')
  @HttpCode(200)
  @ApiOperation({ summary: '移交中试基地' })
  handOver(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: HandOverCarrierProjectDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierProjectDto> {
    return this.projects.handOver(user, id, dto);
  }

  /** `POST /carriers/projects/:id/accept` — the offered pilot base takes the project into its pool. */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Post('projects/:id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: '中试基地接收项目' })
  accept(@Param('id', ParseUUIDPipe) id: string, @AuthUser() user: CurrentUser): Promise<CarrierProjectDto> {
    return this.projects.answer(user, id, true);
  }

  /** `POST /carriers/projects/:id/decline` — the offered pilot base declines (back to the centre, with the reason). */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Post('projects/:id/decline')
  @HttpCode(200)
  @ApiOperation({ summary: '中试基地不接收项目' })
  decline(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CarrierProjectNoteDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierProjectDto> {
    return this.projects.answer(user, id, false, dto.note);
  }

  /** `POST /carriers/projects/:id/listing` — the 成果转化 listing the piloted project became. */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Post('projects/:id/listing')
  @HttpCode(200)
  @ApiOperation({ summary: '关联成果转化榜单' })
  linkListing(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: LinkCarrierProjectListingDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierProjectDto> {
    return this.projects.linkListing(user, id, dto.listingId);
  }

  /** `GET /carriers/:id/members` — the 依托单位 and the recorded co-builders and members (public). */
  @Public()
  @Get(':id/members')
  @ApiOperation({ summary: '载体的依托单位、共建和成员单位' })
  members(@Param('id', ParseUUIDPipe) id: string): Promise<CarrierMemberListDto> {
    return this.lists.members(id);
  }

  /** `POST /carriers/:id/members` — staff record a co-builder or member (`003 §30`). */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Post(':id/members')
  @ApiOperation({ summary: '登记共建或成员单位' })
  addMember(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddCarrierMemberDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierMemberListDto> {
    return this.lists.addMember(user, id, dto);
  }

  /** `DELETE /carriers/:id/members/:orgId` — staff remove a member (its listings leave the lists). */
  @ApiBearerAuth()
  @Requires(Capability.RunCarrierProgrammes)
  @Delete(':id/members/:orgId')
  @ApiOperation({ summary: '移除共建或成员单位' })
  removeMember(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('orgId', ParseUUIDPipe) orgId: string,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierMemberListDto> {
    return this.lists.removeMember(user, id, orgId);
  }

  /** `GET /carriers/:id/lists` — the centre's 技术攻关清单 and 成果转化清单 (public). */
  @Public()
  @Get(':id/lists')
  @ApiOperation({ summary: '技术攻关清单和成果转化清单' })
  curated(@Param('id', ParseUUIDPipe) id: string): Promise<CarrierListsDto> {
    return this.lists.lists(id);
  }

  /** `POST /carriers/:id/lists/:list/items` — the centre's 依托单位 puts a member's listing on a list. */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Post(':id/lists/:list/items')
  @ApiOperation({ summary: '选入清单' })
  @ApiParam({ name: 'list', enum: ListingKind, description: 'challenge 技术攻关清单 / achievement 成果转化清单' })
  addItem(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('list', LIST_PIPE) list: ListingKind,
    @Body() dto: AddCarrierListItemDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierListsDto> {
    return this.lists.addItem(user, id, list, dto);
  }

  /** `DELETE /carriers/:id/lists/:list/items/:listingId` — take a listing off a list. */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Delete(':id/lists/:list/items/:listingId')
  @ApiOperation({ summary: '移出清单' })
  @ApiParam({ name: 'list', enum: ListingKind, description: 'challenge 技术攻关清单 / achievement 成果转化清单' })
  removeItem(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('list', LIST_PIPE) list: ListingKind,
    @Param('listingId', ParseUUIDPipe) listingId: string,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierListsDto> {
    return this.lists.removeItem(user, id, list, listingId);
  }

  /** `GET /carriers/:id/capacity` — the declared service capacity per field (public). */
  @Public()
  @Get(':id/capacity')
  @ApiOperation({ summary: '服务能力' })
  capacity(@Param('id', ParseUUIDPipe) id: string): Promise<CarrierCapacityListDto> {
    return this.lists.capacity(id);
  }

  /** `PUT /carriers/:id/capacity` — the 依托单位 declares the carrier's service capacity (运行 only). */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Put(':id/capacity')
  @ApiOperation({ summary: '登记服务能力' })
  declareCapacity(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DeclareCarrierCapacityDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierCapacityListDto> {
    return this.lists.declareCapacity(user, id, dto);
  }

  /** `GET /carriers/:id/projects` — the carrier's project pool and the offers awaiting it (host, staff). */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES, Capability.RunCarrierProgrammes)
  @Get(':id/projects')
  @ApiOperation({ summary: '项目库' })
  projectList(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: CarrierProjectQueryDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierProjectListDto> {
    return this.projects.list(user, id, q.status);
  }

  /** `POST /carriers/:id/projects` — a project enters the pool (concept-validation centre or pilot base). */
  @ApiBearerAuth()
  @Roles(...ORG_ROLES)
  @Post(':id/projects')
  @ApiOperation({ summary: '项目入库' })
  createProject(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateCarrierProjectDto,
    @AuthUser() user: CurrentUser,
  ): Promise<CarrierProjectDto> {
    return this.projects.create(user, id, dto);
  }
}
