import type { ControlsView, ControlUpdate, EffortChoice, RangeView } from '../../src/protocol';
import { h } from '../dom';
import { reasoningShort } from '../format';
import type { PanelContext } from './context';

type NumberKey = 'reasoningBudget' | 'n' | 'earlyStop' | 'temperature' | 'waveSize' | 'concurrency' | 'topP' | 'maxTokens' | 'maxCostUsd' | 'maxWallSeconds';
type ToggleKey = 'fastMode' | 'repair' | 'escalate';

const INTEGER_KEYS: ReadonlySet<NumberKey> = new Set(['reasoningBudget', 'n', 'earlyStop', 'waveSize', 'concurrency', 'maxTokens', 'maxWallSeconds']);
/** Controls that act between waves: they do nothing when all N are drawn at once. */
const WAVE_KEYS: readonly ControlUpdate['key'][] = ['waveSize', 'repair', 'escalate'];

const LABELS: Record<ControlUpdate['key'], string> = {
  reasoningEffort: 'Reasoning effort',
  reasoningBudget: 'Reasoning budget (tokens, 0 = none)',
  fastMode: 'Fast mode (no thinking)',
  n: 'Samples (N)',
  earlyStop: 'Early stop after agreeing verified (0 = off)',
  temperature: 'Temperature',
  waves: 'Sampling',
  waveSize: 'Wave size (0 = growing: 5, 5, 10, …)',
  repair: 'Repair the best near miss after a failed wave',
  escalate: 'Escalate reasoning after a failed wave',
  concurrency: 'Requests at once',
  topP: 'Top-p',
  maxTokens: 'Token budget per run (0 = none)',
  maxCostUsd: 'Cost budget per run, US$ (0 = none)',
  maxWallSeconds: 'Time budget per run, seconds (0 = none)',
};

/** Where the host writes panel edits, in words. */
function writesToText(c: ControlsView): string {
  return c.writesTo === 'workspace'
    ? 'Changes are saved to this workspace’s settings (.vscode/settings.json) and apply to the next run.'
    : 'No folder is open: changes are saved to your user settings and apply to the next run.';
}

/** What the escalation toggle would do with the current settings. */
function escalationHint(c: ControlsView): string {
  if (c.escalationSteps.length > 1) return `Climbs ${c.escalationSteps.map(reasoningShort).join(' → ')}.`;
  return 'Nothing to climb with these settings: set a reasoning effort or budget as the ceiling (not in fast mode).';
}

/** Parses a number field; returns an error sentence instead when the text is not acceptable. */
export function parseNumberField(key: NumberKey, text: string, range: RangeView): { value: number } | { error: string } {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) return { error: `${LABELS[key]} must be a number.` };
  if (INTEGER_KEYS.has(key) && !Number.isInteger(value)) return { error: `${LABELS[key]} must be a whole number.` };
  if (value < range.min || value > range.max) return { error: `${LABELS[key]} must be between ${range.min} and ${range.max}.` };
  return { value };
}

/**
 * The "next run" controls. Rebuilt only when what the provider allows changes; otherwise
 * values are updated in place, and never under the user's cursor (an edit in progress wins).
 */
export class ControlsForm {
  readonly element: HTMLElement = h('div', { class: 'controls' });
  private structureKey = '';
  private readonly inputs = new Map<ControlUpdate['key'], HTMLInputElement | HTMLSelectElement>();
  private readonly wavesNote = h('span', { class: 'muted hint', attrs: { 'data-role': 'waves-note' } });

  constructor(private readonly ctx: PanelContext) {}

  update(controls: ControlsView): void {
    const { values: _values, ...structure } = controls;
    const key = JSON.stringify(structure);
    if (key !== this.structureKey) {
      this.structureKey = key;
      this.build(controls);
    }
    this.setValues(controls);
  }

  private setValues(controls: ControlsView): void {
    const v = controls.values;
    for (const [key, input] of this.inputs) {
      if (input === document.activeElement) continue;
      if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = v[key] === true;
      else {
        input.value = String(v[key]);
        this.clearError(input);
      }
    }
    const allAtOnce = v.waves === 'all';
    for (const key of WAVE_KEYS) {
      const input = this.inputs.get(key);
      if (input) input.disabled = allAtOnce;
    }
    this.wavesNote.textContent = allAtOnce
      ? 'All N at once: wave size, repair and escalation act between waves, so they are off.'
      : 'Adaptive: waves are tested one by one; sampling stops once enough verified candidates agree (N stays the cap).';
  }

  private build(c: ControlsView): void {
    this.inputs.clear();
    const effort = h(
      'select',
      { attrs: { id: 'control-reasoningEffort', disabled: c.allowedEfforts.length === 0, 'data-focus-key': 'control-reasoningEffort' } },
      h('option', { attrs: { value: 'default' } }, 'default (not sent)'),
      ...c.allowedEfforts.map((e) => h('option', { attrs: { value: e } }, e)),
    );
    effort.addEventListener('change', () => {
      const value = effort.value;
      if (value === 'default' || (c.allowedEfforts as string[]).includes(value)) {
        this.ctx.post({ type: 'controls/update', key: 'reasoningEffort', value: value as EffortChoice });
      }
    });
    this.inputs.set('reasoningEffort', effort);

    const waves = h(
      'select',
      { attrs: { id: 'control-waves', 'data-focus-key': 'control-waves' } },
      h('option', { attrs: { value: 'adaptive' } }, 'adaptive waves'),
      h('option', { attrs: { value: 'all' } }, 'all N at once'),
    );
    waves.addEventListener('change', () => {
      const value = waves.value;
      if (value === 'adaptive' || value === 'all') this.ctx.post({ type: 'controls/update', key: 'waves', value });
    });
    this.inputs.set('waves', waves);

    this.element.replaceChildren(
      this.field('reasoningEffort', effort, c.allowedEfforts.length === 0 ? `${c.providerLabel} takes no reasoning_effort.` : undefined),
      this.numberField('reasoningBudget', c.limits.reasoningBudget, !c.supportsReasoningBudget, c.supportsReasoningBudget ? undefined : `${c.providerLabel} takes no thinking budget.`),
      this.toggle('fastMode', !c.supportsFastMode, c.supportsFastMode ? undefined : `${c.providerLabel} cannot switch thinking off.`),
      this.toggle('escalate', false, escalationHint(c)),
      this.numberField('n', c.limits.n, false),
      this.field('waves', waves),
      this.wavesNote,
      this.numberField('waveSize', c.limits.waveSize, false),
      this.toggle('repair', false, 'Sends the failing tests back with the closest candidate for one revision; it counts towards N.'),
      this.numberField('earlyStop', c.limits.earlyStop, false),
      this.numberField('temperature', c.limits.temperature, !c.supportsSamplingParams, c.supportsSamplingParams ? undefined : `${c.providerLabel} rejects temperature for this model.`),
      this.numberField('topP', c.limits.topP, !c.supportsSamplingParams, c.supportsSamplingParams ? undefined : `${c.providerLabel} rejects top_p for this model.`),
      this.numberField('concurrency', c.limits.concurrency, false),
      h('h3', { class: 'controls-heading' }, 'Budgets'),
      this.numberField('maxTokens', c.limits.maxTokens, false),
      this.numberField('maxCostUsd', c.limits.maxCostUsd, false, 'Counts only when prices are set in Settings (bestOfN.budget.*PricePer1K).'),
      this.numberField('maxWallSeconds', c.limits.maxWallSeconds, false),
      h('p', { class: 'muted', attrs: { 'data-role': 'writes-to' } }, `Provider: ${c.providerLabel} · model ${c.model}. ${writesToText(c)}`),
    );
  }

  private toggle(key: ToggleKey, disabled: boolean, hint?: string): HTMLElement {
    const input = h('input', { attrs: { id: `control-${key}`, type: 'checkbox', disabled, 'data-focus-key': `control-${key}` } });
    input.addEventListener('change', () => this.ctx.post({ type: 'controls/update', key, value: input.checked }));
    this.inputs.set(key, input);
    return this.field(key, input, hint);
  }

  private field(key: ControlUpdate['key'], input: HTMLElement, hint?: string): HTMLElement {
    const checkbox = input instanceof HTMLInputElement && input.type === 'checkbox';
    const label = h('label', { attrs: { for: `control-${key}` } }, LABELS[key]);
    return h(
      'div',
      { class: `field${checkbox ? ' field-checkbox' : ''}`, attrs: { 'data-control': key } },
      checkbox ? input : label,
      checkbox ? label : input,
      hint ? h('span', { class: 'muted hint' }, hint) : null,
      h('span', { class: 'field-error', attrs: { id: `control-${key}-error`, role: 'alert' } }),
    );
  }

  private numberField(key: NumberKey, range: RangeView, disabled: boolean, hint?: string): HTMLElement {
    const input = h('input', {
      attrs: {
        id: `control-${key}`,
        type: 'number',
        min: range.min,
        max: range.max,
        step: range.step,
        disabled,
        'aria-describedby': `control-${key}-error`,
        'data-focus-key': `control-${key}`,
      },
    });
    input.addEventListener('change', () => {
      const parsed = parseNumberField(key, input.value, range);
      if ('error' in parsed) {
        // Keep what the user typed so nothing is lost; say what would be accepted.
        input.setAttribute('aria-invalid', 'true');
        const error = this.element.querySelector(`#control-${key}-error`);
        if (error) error.textContent = parsed.error;
        return;
      }
      this.clearError(input);
      this.ctx.post({ type: 'controls/update', key, value: parsed.value });
    });
    this.inputs.set(key, input);
    return this.field(key, input, hint);
  }

  private clearError(input: HTMLElement): void {
    input.removeAttribute('aria-invalid');
    const error = this.element.querySelector(`#${input.id}-error`);
    if (error) error.textContent = '';
  }
}
