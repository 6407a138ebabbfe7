import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Cheatsheet } from '../engine/cheatsheet/openCheatsheet';
import type { Candidate, SolveResult } from '../engine/events';
import { ensureLanguageLayer } from '../engine/language/registry';
import { taskForFunction } from '../engine/locate/locateFunction';
import { OpenAIModelClient } from '../engine/model/openaiModelClient';
import { getProviderProfile } from '../engine/model/providerProfiles';
import { generatedTestChoices, type SolveOptions } from '../engine/options';
import { solve } from '../engine/solve';
import { proposeTests } from '../engine/tests/proposeTests';
import { applyToFile, type Task } from '../engine/task';
import type { Verifier } from '../engine/verify/types';
import { verifierForTask } from '../engine/verify/verifierForTask';
import { isLocalURL, parseSolveArgs, type SolveArgs } from './solveArgs';
import { curateCliRun, memoryLine, openCliCheatsheet, type MemorySummary } from './solveMemory';
import { riskSignsOf } from '../engine/risk/riskSigns';
import { rankContextOf } from '../engine/select/rank';
import { baselineLines, candidateLine, humanReport, riskLines, statusLine } from './solveReport';
import { wavesFrom, wavesNotes } from './solveWaves';
import { cancelOnTermination } from './termination';
import { scrubSolveResult } from '../engine/secrets/scrubEvents';

export const SOLVE_HELP = `best-of-n solve — sample N implementations of a function, test each, pick the best.

Usage: best-of-n solve --workspace DIR --file F --function NAME --test-cmd "CMD" --model M [options]

Target
  --workspace DIR          workspace root; the tests run in a copy of it
  --file F                 file relative to the workspace (Python, JavaScript, TypeScript)
  --function NAME          function to write
  --target function|body   replace the whole function (default) or only its body
  --test-cmd "CMD"         test command run in the workspace copy, e.g. "python3 -m pytest -q"
Model
  --base-url URL           OpenAI-compatible endpoint (default https://api.openai.com/v1)
  --model M                model name
  --provider P             openai|azure|openrouter|deepseek|anthropic|gemini|vllm|ollama|lmstudio|replay|custom
                           (what the server accepts; openai and azure use the Responses API)
  --pool M:K,M:K           draw the N samples from several models of this server by share, e.g.
                           gpt-5-mini:4,o3:4; the report shows each model's samples, passes and cost
  --n N                    samples to draw (default 8)
  --concurrency K          requests at once (default 4)
  --temperature T, --top-p P, --max-tokens N (per answer), --request-timeout S (default 300)
  --reasoning-effort E     none|minimal|low|medium|high
  --reasoning-budget N     cap on reasoning tokens, where the provider takes one
  --fast                   ask for no thinking at all
Verification
  --sandbox auto|bubblewrap|none   (default auto: bubblewrap when it works here)
                           plain-assert pytest tests at the workspace root run in warm Python
                           workers; any other test command runs on a workspace copy per candidate
  --timeout S              limit per test run in seconds (default 60)
  --verify-concurrency K   test runs at once (default 2)
Budgets
  --max-tokens-budget N (prompt + completion tokens over the run),
  --max-cost USD (with --prompt-price/--completion-price in USD per 1K tokens),
  --max-seconds S, --early-stop K (stop once K passing candidates agree; default off)
Memory (Dynamic Cheatsheet)
  --cheatsheet FILE        offer the file's items in the prompt and curate it after the run
                           (created on first save)
  --cheatsheet-mode M      cumulative (best items overall) or retrieval (most similar; default)
  --cheatsheet-budget N    prompt tokens the items may take (default 800)
Output
  --json                   print the result as JSON on stdout
  --apply                  write the chosen candidate into the file (only if it is unchanged on disk);
                           a pick with risk signs (file writes, network, subprocess, environment,
                           eval, dynamic imports) is shown and not written without --accept-risk
  --accept-risk            with --apply: write the pick even though it has risk signs
  --write-tests            propose tests for the function (the model's generated tests) and print
                           them as a diff of the project's test file; nothing is solved or written
  --best-partial           pick the best partial candidate instead of abstaining
  --strict                 answer only when enough candidates agree on the pick (fewer, surer answers)
  --no-generated-tests     do not ask the model for tests first; by default, as in the extension, it
                           writes test cases that every passing candidate is probed with, and the
                           pick goes to the largest group that agrees on them (Python functions)
  --waves SIZE|auto        sample in waves: SIZE at a time, or auto (small waves first, growing);
                           after each wave stop (with --early-stop K), go on, escalate or repair
  --escalate               with --waves: start at the cheapest reasoning setting the provider takes
                           and climb one step, up to the chosen one, after a wave with nothing passing
  --repair                 with --waves: send the best near miss back with its failing tests for a revision
  --verbose                log each model request (never the key) on stderr

The API key comes from OPENAI_API_KEY or BEST_OF_N_API_KEY; a server on localhost may need none.
Exit code: 0 when a candidate was chosen, 2 when the run abstained, 1 on error (also when the
tests do not reach the function: nothing is sampled or written), 3 when --apply refused a pick
with risk signs.`;

/** `best-of-n solve`: returns the exit code. */
export async function runSolveCommand(argv: string[]): Promise<number> {
  await ensureLanguageLayer();
  let args: SolveArgs;
  try {
    args = parseSolveArgs(argv);
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\nRun \`best-of-n solve --help\` for the options.`);
  }
  const apiKey = process.env.BEST_OF_N_API_KEY || process.env.OPENAI_API_KEY || '';
  if (!apiKey) {
    if (!isLocalURL(args.baseURL)) return fail(`no API key: set OPENAI_API_KEY or BEST_OF_N_API_KEY for ${args.baseURL}.`);
    process.stderr.write(`note: no API key set; sending none to the local server at ${args.baseURL}.\n`);
  }
  const workspace = path.resolve(args.workspace);
  const relative = path.relative(workspace, path.resolve(workspace, args.file)).split(path.sep).join('/');
  if (relative.startsWith('..')) return fail(`--file must be inside the workspace (${args.file}).`);
  const absolute = path.join(workspace, relative);
  let fileText: string;
  let task: Task;
  try {
    fileText = await readFile(absolute, 'utf8');
    task = taskForFunction({ workspaceRoot: workspace, filePath: relative, fileText, functionName: args.functionName, testCommand: args.testCommand, targetKind: args.target });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  let profile;
  try {
    profile = getProviderProfile(args.provider);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  if (profile.id === 'vscode-lm') return fail('The vscode-lm provider uses the chat models inside VS Code; the CLI reaches models over HTTP (pick another --provider).');
  const clientFor = (name: string): OpenAIModelClient =>
    new OpenAIModelClient({
      baseURL: args.baseURL,
      apiKey,
      model: name,
      profile,
      logger: args.verbose ? (line) => process.stderr.write(`[model] ${line}\n`) : undefined,
      authHint: 'Set OPENAI_API_KEY or BEST_OF_N_API_KEY.',
    });
  const model = clientFor(args.model);
  if (args.writeTests) return printProposedTests(task, model);
  let sheet: Cheatsheet | undefined;
  try {
    sheet = await openCliCheatsheet(args, (line) => process.stderr.write(`${line}\n`));
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const chosen = await verifierForTask(task, { sandbox: args.sandbox, timeoutMs: args.timeoutSeconds * 1000, concurrency: args.verifyConcurrency, generatedTests: args.generatedTests });
  const verifier = chosen.verifier;
  process.stderr.write(`tests: ${chosen.kind} verifier, ${chosen.why}\n`);
  const controller = new AbortController();
  const releaseSignals = cancelOnTermination(controller);
  try {
    const base = optionsFrom(args, model, verifier);
    const pool = args.pool?.map((entry) => ({ model: clientFor(entry.model), share: entry.share, reasoning: base.reasoning, ...(base.reasoningLadder ? { reasoningLadder: base.reasoningLadder } : {}) }));
    const options = { ...base, ...(pool ? { pool } : {}), ...(sheet ? { cheatsheet: sheet.port, cheatsheetTokenBudget: args.cheatsheetBudget } : {}) };
    for (const line of wavesNotes(args, model.profile, options.reasoningLadder)) process.stderr.write(`note: ${line}\n`);
    const run = await consume(task, options, controller.signal, args);
    if (!run) return 1;
    const { result, offered } = run;
    process.stderr.write(`${agreementLine(task, args, result, chosen.probes)}\n`);
    let memory: MemorySummary | undefined;
    if (sheet) {
      memory = await curateCliRun(sheet, args, { task, result, model, offered, signal: controller.signal });
      process.stderr.write(memoryLine(memory) + '\n');
    }
    const verifierInfo = { description: verifier.description, kind: chosen.kind, why: chosen.why };
    if (args.json) process.stdout.write(JSON.stringify({ task: { file: task.filePath, function: task.functionName }, verifier: verifierInfo, ...(memory ? { memory } : {}), ...result }, null, 2) + '\n');
    else process.stdout.write(humanReport(task, result));
    const pick = result.candidates.find((c) => c.id === result.choice?.candidateId);
    // Scanned here too: what gets written must have been shown, whatever the engine filled in.
    const signs = pick ? riskSignsOf(pick, rankContextOf(task)) : [];
    const out = args.json ? process.stderr : process.stdout;
    if (pick && signs.length) out.write(riskLines(pick, signs).join('\n') + '\n');
    if (args.apply && pick && signs.length && !args.acceptRisk) {
      out.write(`Not written: #${pick.id} has risk signs. Review them (and its diff), then run again with --apply --accept-risk to write it anyway.\n`);
      return 3;
    }
    if (args.apply && result.choice) {
      const code = await applyChoice(absolute, task, pick);
      if (code !== 0) return code;
    } else if (result.choice && !args.json) {
      process.stdout.write('Not written: run with --apply to write it into the file.\n');
    }
    return result.choice ? 0 : 2;
  } finally {
    releaseSignals();
    await verifier.dispose();
  }
}

function optionsFrom(args: SolveArgs, model: OpenAIModelClient, verifier: Verifier): SolveOptions {
  const reasoning = { effort: args.reasoningEffort, budgetTokens: args.reasoningBudget, fastMode: args.fast || undefined };
  const prices = args.promptPrice !== undefined || args.completionPrice !== undefined ? { promptPer1K: args.promptPrice ?? 0, completionPer1K: args.completionPrice ?? 0 } : undefined;
  if (args.maxCost !== undefined && !prices) process.stderr.write('note: --max-cost needs --prompt-price/--completion-price to count cost; without them cost stays $0.\n');
  return {
    model,
    verifier,
    sampling: { n: args.n, concurrency: args.concurrency, temperature: args.temperature, topP: args.topP, maxTokens: args.maxTokens, requestTimeoutMs: args.requestTimeoutSeconds * 1000 },
    reasoning,
    budgets: { maxTokens: args.maxTokensBudget, maxCostUsd: args.maxCost, prices, maxWallMs: args.maxSeconds !== undefined ? args.maxSeconds * 1000 : undefined },
    earlyStopAgreeing: args.earlyStop,
    abstainPolicy: args.bestPartial ? 'best-partial' : args.strict ? 'strict' : 'abstain',
    ...wavesFrom(args, model.profile, reasoning),
    // As the extension does: as many choices of test cases as samples, at least ten, parsed with the python on PATH.
    ...(args.generatedTests ? { generatedTests: { count: generatedTestChoices(args.n), cap: 50, python: 'python3' } } : {}),
    verifyConcurrency: args.verifyConcurrency,
    promptTokenBudget: 8000,
    cheatsheetTokenBudget: 0,
  };
}

/**
 * Reads the event stream, drawing progress on stderr; the result and how many memory items
 * the prompt offered, or undefined after run/error.
 */
async function consume(task: Task, options: SolveOptions, signal: AbortSignal, args: SolveArgs): Promise<{ result: SolveResult; offered: number } | undefined> {
  const tty = process.stderr.isTTY === true;
  const latest = new Map<number, Candidate>();
  let result: SolveResult | undefined;
  let offered = 0;
  for await (const event of solve(task, options, signal)) {
    switch (event.type) {
      case 'run/started':
        offered = event.cheatsheetItems.length;
        process.stderr.write(`solving ${task.functionName} in ${task.filePath}: n=${event.n}, prompt ${event.promptTokens} tokens, verifier: ${event.verifier}\n`);
        break;
      case 'candidate/updated': {
        const before = latest.get(event.candidate.id);
        latest.set(event.candidate.id, event.candidate);
        if (tty) process.stderr.write(`\r\x1b[2K${statusLine(latest.values(), options.sampling.n)}`);
        else if (before?.state !== event.candidate.state) process.stderr.write(candidateLine(event.candidate) + '\n');
        break;
      }
      case 'budget/notice':
        process.stderr.write(`${tty ? '\n' : ''}${event.message}\n`);
        break;
      case 'run/baseline':
        // Before any candidate: what the tests are and whether they reach the function at all.
        process.stderr.write(`${tty ? '\r\x1b[2K' : ''}${baselineLines(event.baseline).join('\n')}\n`);
        break;
      case 'run/error':
        if (event.kind === 'tests-do-not-reach') {
          process.stderr.write(`${tty ? '\n' : ''}error: the tests do not reach ${task.functionName ?? 'the target'} in ${task.filePath}. ${event.message}\nNothing was sampled or written.\n`);
          return undefined;
        }
        process.stderr.write(`${tty ? '\n' : ''}error: ${event.message}\n`);
        return undefined;
      case 'run/finished':
        if (tty) process.stderr.write('\n');
        // Reasons and test output carry what candidates printed: scrubbed before anything shows them.
        result = scrubSolveResult(event.result);
        break;
      case 'candidate/delta':
      case 'ranking/updated':
        break;
    }
  }
  if (args.verbose && result) process.stderr.write(`run ${result.runId} finished\n`);
  return result ? { result, offered } : undefined;
}

/** What agreement the run really had: the generated tests that ran, or why none did. */
function agreementLine(task: Task, args: SolveArgs, result: SolveResult, where: string | undefined): string {
  const probes = result.agreementProbes;
  if (probes) {
    const inputs = `${probes.calls} input${probes.calls === 1 ? '' : 's'}`;
    // Inputs derived from the visible tests' calls are probed even when the model wrote no usable test.
    const what = probes.checks > 0 ? `${probes.checks} generated test${probes.checks === 1 ? '' : 's'} and ${inputs}` : `no usable generated test from the model, but ${inputs} derived from the visible tests' calls`;
    return `agreement: ${what} probed each passing candidate${where ? ` (${where})` : ''}; candidates that agree on them rank first`;
  }
  const why = !args.generatedTests
    ? 'turned off with --no-generated-tests'
    : task.language !== 'python'
      ? `they are asked for Python functions only, not ${task.language}`
      : 'the model wrote none that could be used';
  return `agreement: no generated tests ran (${why}); candidates that behave alike on the visible tests rank first`;
}

/** Writes the choice into the file if the file still holds what the run started from. */
async function applyChoice(absolute: string, task: Task, chosen: Candidate | undefined): Promise<number> {
  if (!chosen?.code) return fail('the chosen candidate has no code to write.');
  const now = await readFile(absolute, 'utf8');
  if (now !== task.fileText) return fail(`${task.filePath} changed on disk since the run started; not written. Run again.`);
  await writeFile(absolute, applyToFile(task, chosen.code), 'utf8');
  process.stdout.write(`Wrote candidate #${chosen.id} into ${task.filePath}.\n`);
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`best-of-n solve: ${message}\n`);
  return 1;
}

/** `--write-tests`: the proposed test file as a unified diff on stdout; writes nothing. */
async function printProposedTests(task: Task, model: OpenAIModelClient): Promise<number> {
  try {
    const { plan, summary } = await proposeTests(task, { model, python: 'python3', count: 10 }, new AbortController().signal);
    process.stderr.write(`${summary} Check the expected values: they are the model's. Nothing was written.\n`);
    process.stdout.write(createTwoFilesPatch(plan.existed ? `a/${plan.path}` : '/dev/null', `b/${plan.path}`, plan.before, plan.after, '', '', { context: 3 }));
    return 0;
  } catch (error) {
    process.stderr.write(`best-of-n solve: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
