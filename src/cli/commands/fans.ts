// weightinit fans --shape 5x5x3x8: fan_in, fan_out and receptive field of a
// weight shape, and the distribution each fan-based scheme would draw it from.
import { fans, schemeDistribution, type DistributionSpec } from '../../index.js';
import type { Command } from '../command.js';
import { camelCase } from '../caseStyles.js';
import { EXIT } from '../failure.js';
import { formatNumber, toJson } from '../format.js';
import { shapeOf } from '../parse.js';
import { renderTable } from '../table.js';

const FAN_SCHEMES = ['glorot-uniform', 'glorot-normal', 'he-uniform', 'he-normal', 'lecun-uniform', 'lecun-normal'];

function describe(s: DistributionSpec): [string, string, string] {
  if (s.distribution === 'uniform') return ['uniform', formatNumber((s.high - s.low) / Math.sqrt(12)), `[${formatNumber(s.low)}, ${formatNumber(s.high)}]`];
  if (s.distribution === 'normal') return ['normal', formatNumber(s.std), '-'];
  return ['truncated normal', formatNumber(s.std), `[${formatNumber(s.low)}, ${formatNumber(s.high)}]`];
}

export const fansCommand: Command = {
  name: 'fans',
  summary: 'fan_in, fan_out and receptive field of a weight shape, and the std / bound each scheme uses',
  usage: 'fans --shape DIMS [--layout L] [--convention C] [--json]',
  positionals: [],
  options: [
    { name: 'shape', value: 'DIMS', example: '5x5x3x8', description: 'the weight shape, sizes separated by x' },
    { name: 'layout', value: 'L', example: 'hwio', description: "io/hwio ([...k, in, out], Keras) or oi/oihw ([out, in, ...k], PyTorch); default: the convention's" },
    { name: 'convention', value: 'C', example: 'pytorch', description: 'keras (default), pytorch or jax: default layout, truncated or plain normals' },
    { name: 'json', description: 'print the result as JSON' },
  ],
  examples: ['weightinit fans --shape 5x5x3x8 --layout hwio', 'weightinit fans --shape 8x3x5x5 --convention pytorch'],
  async run(args, io) {
    const shape = shapeOf(args, 'shape');
    const layout = args.choice('layout', ['io', 'oi', 'hwio', 'oihw'] as const);
    const convention = args.choice('convention', ['keras', 'pytorch', 'jax'] as const);
    const options = { ...(layout && { layout }), ...(convention && { convention }) };
    const f = fans(shape, options);
    const schemes = FAN_SCHEMES.map((name) => ({ scheme: name, ...schemeDistribution(camelCase(name), shape, options) }));
    if (args.switch('json')) {
      io.out(`${toJson({ shape, ...options, ...f, schemes })}\n`);
      return EXIT.ok;
    }
    const truncated = schemes.some((s) => s.distribution === 'truncatedNormal');
    io.out(
      [
        `shape [${shape.join(', ')}]${layout ? `, layout ${layout}` : ''}${convention ? `, convention ${convention}` : ''}: ` +
          `fan_in ${f.fanIn}, fan_out ${f.fanOut}, receptive field ${f.receptiveField}`,
        '',
        renderTable({ header: ['scheme', 'distribution', 'std', 'bounds'], rows: schemes.map(({ scheme, ...spec }) => [scheme, ...describe(spec)]) }),
        ...(truncated
          ? ['truncated normal: std is the normal\'s before cutting at +-2 std; it is divided by 0.8796 so that the samples have the scheme\'s variance (Keras, JAX)']
          : []),
      ].join('\n') + '\n',
    );
    return EXIT.ok;
  },
};
