// ANSI colours, applied only when the Io allows them.

export type Colour = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'grey' | 'bold';

const CODES: Record<Colour, [number, number]> = {
  red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39], magenta: [35, 39], cyan: [36, 39], grey: [90, 39], bold: [1, 22],
};

export function paint(text: string, colour: Colour, enabled: boolean): string {
  if (!enabled) return text;
  const [on, off] = CODES[colour];
  return `\u001b[${on}m${text}\u001b[${off}m`;
}
