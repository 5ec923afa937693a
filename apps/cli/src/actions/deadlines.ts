import { plainToInstance } from 'class-transformer';
import { In } from 'typeorm';
import type { CaseStage } from '@banli/domain';
import { JurisdictionStore, ProposalEntity } from '@banli/persistence';
import { ReapplyPolicyDto } from '../../../api/src/cases/case-actions.dto';
import { CaseActionsService } from '../../../api/src/cases/case-actions.service';
import { CasesModule } from '../../../api/src/cases/cases.module';
import { CliFailure, CommandContext, describeError, intOption, strOption } from '../cli';
import { operator } from '../nest';
import { check, withApp } from './common';

/** Cases recomputed at the same time. */
const CONCURRENCY = 4;

/**
 * The open cases that have deadlines to recompute: filed or assigned (the lifecycle refuses a
 * recomputation in any other stage; before filing nothing counts, after the end nothing is open).
 */
const RECOMPUTABLE: CaseStage[] = ['FILED', 'ASSIGNED'];

/**
 * `deadlines recompute`: for every open case of a jurisdiction, what POST
 * /proposals/:id/policy/reapply does — CaseActionsService.reapplyPolicy, an update of the case
 * workflow — so the workflow recomputes its timers and the read model follows.
 */
export async function deadlinesRecompute(ctx: CommandContext): Promise<number> {
  const jurisdiction = strOption(ctx, 'jurisdiction')!;
  const policyVersion = intOption(ctx, 'policy-version');
  const dto = plainToInstance(ReapplyPolicyDto, {
    reason: strOption(ctx, 'reason'),
    ...(policyVersion !== undefined ? { policyVersion } : {}),
  });
  await check(dto);
  return withApp(ctx, [CasesModule], async (app, ds) => {
    if (!(await JurisdictionStore.for(ds).find(jurisdiction)))
      throw new CliFailure(`没有辖区 ${jurisdiction} (no such jurisdiction)`);
    const cases = await ds.getRepository(ProposalEntity).find({
      select: { id: true, workflowId: true },
      where: { jurisdiction, stage: In(RECOMPUTABLE) },
      order: { registeredAt: 'ASC' },
    });
    ctx.io.out(
      `辖区 ${jurisdiction} 有 ${cases.length} 件已立案或已交办的在办案件 (${cases.length} open cases, filed or assigned)`,
    );
    if (ctx.options['dry-run']) {
      for (const c of cases) ctx.io.out(`  ${c.workflowId}`);
      return 0;
    }
    const actions = app.get(CaseActionsService);
    const by = operator(ctx.io.env);
    let failed = 0;
    const queue = [...cases];
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) {
          try {
            await actions.reapplyPolicy(by, c.id, dto);
            ctx.io.out(`  ✓ ${c.workflowId}`);
          } catch (e) {
            failed++;
            ctx.io.out(`  ✗ ${c.workflowId}: ${describeError(e)}`);
          }
        }
      }),
    );
    ctx.io.out(
      `已重算 ${cases.length - failed} 件，失败 ${failed} 件 (recomputed ${cases.length - failed}, failed ${failed})`,
    );
    return failed ? 1 : 0;
  });
}
