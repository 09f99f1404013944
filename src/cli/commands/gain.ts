// weightinit gain <activation>: PyTorch's table gain beside the gains theory
// derives for the activation (forward, backward, Kumar), with the moments
// they come from.
import { ACTIVATION_ALIASES, ACTIVATIONS } from '../../activations.js';
import { deriveGain, gain, type DerivedGain } from '../../index.js';
import { kebabCase } from '../caseStyles.js';
import type { Command } from '../command.js';
import { EXIT } from '../failure.js';
import { formatNumber, toJson } from '../format.js';
import { renderTable } from '../table.js';
import { didYouMean, UsageError } from '../usageError.js';

type Outcome<T> = { value: T } | { reason: string };

function attempt<T>(f: () => T): Outcome<T> {
  try {
    return { value: f() };
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) return { reason: error.message };
    throw error;
  }
}

const DERIVED_NAMES = [...Object.keys(ACTIVATIONS), ...Object.keys(ACTIVATION_ALIASES)];

export const gainCommand: Command = {
  name: 'gain',
  summary: "an activation's gain: torch's table value and the forward / backward / Kumar gains derived for it",
  usage: 'gain <activation> [--param X] [--json]',
  positionals: [{ name: 'activation', description: `${DERIVED_NAMES.join(', ')}, or a torch name (conv2d, ...)` }],
  options: [
    { name: 'param', value: 'X', example: '0.2', description: "leaky_relu's negative slope (default 0.01) or elu's alpha (default 1)" },
    { name: 'json', description: 'print the result as JSON' },
  ],
  examples: ['weightinit gain tanh', 'weightinit gain leaky_relu --param 0.2'],
  async run(args, io) {
    const typed = args.positional(0);
    const name = kebabCase(typed).replace(/-/g, '_');
    const param = args.number('param');
    const table = attempt(() => gain(name, param));
    const derived = attempt<DerivedGain>(() => deriveGain(name, param === undefined ? undefined : { param }));
    if ('reason' in table && 'reason' in derived) {
      if (!DERIVED_NAMES.includes(name)) {
        throw new UsageError(`unknown activation ${JSON.stringify(typed)}${didYouMean(name, DERIVED_NAMES)} (known: ${DERIVED_NAMES.join(', ')})`);
      }
      throw new TypeError(derived.reason);
    }
    if (args.switch('json')) {
      io.out(`${toJson({ activation: name, param: param ?? null, table: 'value' in table ? table.value : null, derived: 'value' in derived ? derived.value : null })}\n`);
      return EXIT.ok;
    }
    const g = (x: number | null | undefined) => [formatNumber(x), x === null || x === undefined ? '-' : formatNumber(x * x)];
    const d = 'value' in derived ? derived.value : undefined;
    const rows = [
      ['table (torch calculate_gain)', ...g('value' in table ? table.value : null)],
      ['forward: keeps E[h^2] fixed', ...g(d?.forward)],
      ["backward: keeps E[g^2] fixed (chi = 1)", ...g(d?.backward)],
      ["Kumar (2017): 1 / (phi'(0) sqrt(1 + phi(0)^2))", ...g(d?.kumar)],
    ];
    // A name one of the two does not know needs no long message; a bad --param does.
    const notes = [
      ...('reason' in table ? [`table: ${'reason' in attempt(() => gain(name)) ? `${name} is not in torch's calculate_gain table` : table.reason}`] : []),
      ...('reason' in derived ? [`derived: ${DERIVED_NAMES.includes(name) ? derived.reason : `${name} is not a built-in activation of deriveGain`}`] : []),
      ...(d?.kumarReason ? [`Kumar: ${d.kumarReason}`] : []),
    ];
    // Quadrature leaves ~1e-17 where a moment is exactly 0 (E[tanh(z)]).
    const m = (x: number | null) => formatNumber(x !== null && Math.abs(x) < 1e-12 ? 0 : x);
    const moments = d
      ? `moments, z ~ N(0, 1): E[phi(z)^2] = ${m(d.moments.meanSquare)}, E[phi'(z)^2] = ${m(d.moments.derivativeMeanSquare)}, ` +
        `E[phi(z)] = ${m(d.moments.mean)}, phi(0) = ${m(d.moments.valueAtZero)}, phi'(0) = ${m(d.moments.slopeAtZero)}`
      : undefined;
    io.out(
      [
        `${name}${param === undefined ? '' : ` (param ${param})`}: Var(W) = g^2 / fan_in`,
        '',
        renderTable({ header: ['gain', 'g', 'sigma_w^2 = g^2'], rows }),
        ...(moments ? [moments] : []),
        ...notes,
      ].join('\n') + '\n',
    );
    return EXIT.ok;
  },
};
