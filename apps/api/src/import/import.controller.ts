import {
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Injectable,
  NestInterceptor,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
  Body,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { catchError, Observable, throwError } from 'rxjs';
import { CurrentUser, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { BanliProblem } from '../common/problem';
import {
  IMPORT_BODY_SCHEMA,
  ImportJobDto,
  ImportQueryDto,
  ImportReportDto,
  ImportSessionDto,
  SuggestedUnitDto,
} from './import.dto';
import { IMPORT_LIMITS, ImportService, UploadedFile as Upload } from './import.service';

const uuid = new ParseUUIDPipe({ version: undefined });

/** Upload errors from multer as problems with import codes (413 IMPORT_FILE_TOO_LARGE, 400 IMPORT_BAD_UPLOAD). */
@Injectable()
export class UploadProblems implements NestInterceptor {
  intercept(_: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((e: unknown) => {
        if (
          e instanceof HttpException &&
          !(e instanceof BanliProblem) &&
          !(e.getResponse() as { code?: string })?.code
        ) {
          if (e.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE) {
            return throwError(
              () =>
                new BanliProblem(
                  HttpStatus.PAYLOAD_TOO_LARGE,
                  'IMPORT_FILE_TOO_LARGE',
                  `文件过大：上传不超过 ${IMPORT_LIMITS.fileBytes / 1024 / 1024} MB (file too large)`,
                  { maxBytes: IMPORT_LIMITS.fileBytes },
                ),
            );
          }
          if (e.getStatus() === HttpStatus.BAD_REQUEST) {
            return throwError(
              () =>
                new BanliProblem(
                  HttpStatus.BAD_REQUEST,
                  'IMPORT_BAD_UPLOAD',
                  `上传内容有误：请以 multipart/form-data 上传一个名为 file 的文件 (bad upload): ${e.message}`,
                ),
            );
          }
        }
        return throwError(() => e);
      }),
    );
  }
}

const ERROR_CODES =
  'IMPORT_FILE_MISSING (400), IMPORT_BAD_UPLOAD (400), VALIDATION_FAILED (400), IMPORT_FILE_TOO_LARGE (413), ' +
  'IMPORT_UNSUPPORTED_FILE (415), UNKNOWN_JURISDICTION, CHANNEL_NOT_COVERED, IMPORT_FILE_UNREADABLE, IMPORT_NO_HEADER, IMPORT_NO_ROWS, IMPORT_TOO_MANY_ROWS (422)';

@ApiTags('imports 批量导入')
@Controller('imports')
export class ImportController {
  constructor(private readonly imports: ImportService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @Roles('office', 'admin')
  @UseInterceptors(
    UploadProblems,
    FileInterceptor('file', {
      limits: { fileSize: IMPORT_LIMITS.fileBytes, files: 1, fields: 20, fieldSize: 4096 },
    }),
  )
  @ApiOperation({
    summary: '导入一次会议的建议/提案清单 (bulk import of a session list, .xlsx or .csv)',
    description:
      '上传时只做快速检查（大小、文件类型、从文件开头读出的前 10 行中的表头），其余由工作进程中的导入工作流完成，API 重启或部署不会中断导入。' +
      'dryRun=true（默认）：工作流逐行检查，不登记，返回报告（错误以 Excel 行号和列名标明，未知单位给出相近单位）。' +
      'dryRun=false：保存文件后立即返回 202 和导入任务（Location: /imports/{id}），工作流先逐行检查：有任何错误时整份拒绝' +
      '（任务 status=refused，problem.code=IMPORT_HAS_ERRORS，附报告），否则分批按 POST /proposals 的方式登记；进度见 GET /imports/{id}。' +
      '已登记且标题、提出人相同的行记为 unchanged，重复导入同一文件不会产生新案件。导入中断（interrupted）后重新上传同一文件即可继续。\n\n' +
      `Errors: ${ERROR_CODES}; dryRun=true also 503 WORKER_UNAVAILABLE, 504 IMPORT_CHECK_TIMEOUT; dryRun=false also 409 IMPORT_IN_PROGRESS ` +
      "(the check's own refusals — IMPORT_HAS_ERRORS, IMPORT_NO_ROWS, IMPORT_TOO_MANY_ROWS, … — end the job refused, with job.problem).",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: IMPORT_BODY_SCHEMA as any })
  @ApiOkResponse({ type: ImportReportDto, description: 'dryRun=true：检查报告 (report; nothing registered)' })
  @ApiAcceptedResponse({
    type: ImportJobDto,
    description:
      'dryRun=false：导入任务已开始（status=running，检查完成前 total=0），Location: /imports/{id}',
  })
  @ApiBadRequestResponse({ description: 'IMPORT_FILE_MISSING / IMPORT_BAD_UPLOAD / VALIDATION_FAILED' })
  @ApiPayloadTooLargeResponse({
    description: `IMPORT_FILE_TOO_LARGE: 超过 ${IMPORT_LIMITS.fileBytes / 1024 / 1024} MB`,
  })
  @ApiUnsupportedMediaTypeResponse({
    description: 'IMPORT_UNSUPPORTED_FILE: 不是 .xlsx 或 .csv（旧版 .xls 请另存为 .xlsx）',
  })
  @ApiUnprocessableEntityResponse({
    description:
      `IMPORT_NO_HEADER、UNKNOWN_JURISDICTION、CHANNEL_NOT_COVERED、IMPORT_FILE_UNREADABLE；dryRun=true 另有 IMPORT_TOO_MANY_ROWS（超过 ${IMPORT_LIMITS.rows} 行）、` +
      'IMPORT_NO_ROWS（dryRun=false 时这些由导入任务给出：status=refused，job.problem）',
  })
  @ApiConflictResponse({ description: 'IMPORT_IN_PROGRESS: 同一文件的导入任务正在进行（body.jobId）' })
  async upload(
    @UploadedFile() file: Upload | undefined,
    @Body() session: ImportSessionDto,
    @Query() query: ImportQueryDto,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const ctx = { ...session, duringSession: session.duringSession ?? true };
    if (query.dryRun ?? true) return this.imports.dryRun(file, ctx, user);
    const job = await this.imports.commit(file, ctx, user);
    res.status(HttpStatus.ACCEPTED).location(`/imports/${job.id}`);
    return job;
  }

  @Get()
  @Roles('office', 'admin')
  @ApiOperation({ summary: '最近的导入任务 (latest import jobs, newest first, without rows)' })
  @ApiOkResponse({ type: [ImportJobDto] })
  list() {
    return this.imports.jobs();
  }

  @Get(':id')
  @Roles('office', 'admin')
  @ApiOperation({
    summary: '导入任务进度与逐行结果 (progress and per-row results of an import job)',
    description:
      'status: running（phase: queued 等待工作进程 / checking 检查中 / registering 登记中）/ completed / refused（检查未通过，未登记任何一行：' +
      'problem 说明原因，IMPORT_HAS_ERRORS 时附 report）/ interrupted（工作流中断：重新上传同一文件即可继续）。' +
      '行状态: pending / registered / unchanged / failed / invalid（有错误）/ skipped（文件被拒绝，未登记）。',
  })
  @ApiOkResponse({ type: ImportJobDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param('id', uuid) id: string) {
    return this.imports.job(id);
  }
}

@ApiTags('proposals 建议提案')
@Controller('proposals')
export class SuggestedUnitsController {
  constructor(private readonly imports: ImportService) {}

  @Get(':id/suggested-units')
  @Roles('office', 'admin', 'supervisor')
  @ApiOperation({
    summary: '导入时建议的主办、会办单位 (units suggested in the session list; input for assignment)',
  })
  @ApiOkResponse({ type: [SuggestedUnitDto] })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  suggested(@Param('id', uuid) id: string) {
    return this.imports.suggestedUnits(id);
  }
}
