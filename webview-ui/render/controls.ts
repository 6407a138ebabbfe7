import type { ControlsView, ControlUpdate, EffortChoice, RangeView } from '../../src/protocol';
import { h } from '../dom';
import type { PanelContext } from './context';

type NumberKey = 'reasoningBudget' | 'n' | 'earlyStop' | 'temperature';

const INTEGER_KEYS: ReadonlySet<NumberKey> = new Set(['reasoningBudget', 'n', 'earlyStop']);

const LABELS: Record<ControlUpdate['key'], string> = {
  reasoningEffort: 'Reasoning effort',
  reasoningBudget: 'Reasoning budget (tokens, 0 = none)',
  fastMode: 'Fast mode (no thinking)',
  n: 'Samples (N)',
  earlyStop: 'Early stop after agreeing verified (0 = off)',
  temperature: 'Temperature',
};

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
      if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = v.fastMode;
      else {
        input.value = String(v[key]);
        this.clearError(input);
      }
    }
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

    const fast = h('input', { attrs: { id: 'control-fastMode', type: 'checkbox', disabled: !c.supportsFastMode } });
    fast.addEventListener('change', () => this.ctx.post({ type: 'controls/update', key: 'fastMode', value: fast.checked }));
    this.inputs.set('fastMode', fast);

    this.element.replaceChildren(
      this.field('reasoningEffort', effort, c.allowedEfforts.length === 0 ? `${c.providerLabel} takes no reasoning_effort.` : undefined),
      this.numberField('reasoningBudget', c.limits.reasoningBudget, !c.supportsReasoningBudget, c.supportsReasoningBudget ? undefined : `${c.providerLabel} takes no thinking budget.`),
      this.field('fastMode', fast, c.supportsFastMode ? undefined : `${c.providerLabel} cannot switch thinking off.`),
      this.numberField('n', c.limits.n, false),
      this.numberField('earlyStop', c.limits.earlyStop, false),
      this.numberField('temperature', c.limits.temperature, !c.supportsSamplingParams, c.supportsSamplingParams ? undefined : `${c.providerLabel} rejects temperature for this model.`),
      h('p', { class: 'muted' }, `Provider: ${c.providerLabel} · model ${c.model}. These are the bestOfN.* settings; changes apply to the next run.`),
    );
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
