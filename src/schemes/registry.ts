// Every scheme by its public name and aliases, for callers that name a
// scheme in data (network specs, the command line) rather than in code.
import { typeError } from '../errors.js';
import { normalScheme, truncatedNormalScheme, uniformScheme } from './base.js';
import type { DistributionScheme } from './distribution.js';
import { deltaOrthogonalScheme, orthogonalScheme } from './orthogonal.js';
import type { Scheme } from './scheme.js';
import { sparseScheme } from './sparse.js';
import { constantSchemeOf, diracScheme, identityScheme, onesScheme, zerosScheme } from './structured.js';
import {
  glorotNormalScheme, glorotUniformScheme, heNormalScheme, heUniformScheme, lecunNormalScheme, lecunUniformScheme, varianceScalingScheme,
} from './varianceScaling.js';

export const SCHEMES: Readonly<Record<string, Scheme>> = {
  uniform: uniformScheme,
  normal: normalScheme,
  truncatedNormal: truncatedNormalScheme,
  zeros: zerosScheme,
  ones: onesScheme,
  constant: constantSchemeOf,
  varianceScaling: varianceScalingScheme,
  glorotUniform: glorotUniformScheme,
  glorotNormal: glorotNormalScheme,
  xavierUniform: glorotUniformScheme,
  xavierNormal: glorotNormalScheme,
  heUniform: heUniformScheme,
  heNormal: heNormalScheme,
  kaimingUniform: heUniformScheme,
  kaimingNormal: heNormalScheme,
  lecunUniform: lecunUniformScheme,
  lecunNormal: lecunNormalScheme,
  orthogonal: orthogonalScheme,
  deltaOrthogonal: deltaOrthogonalScheme,
  identity: identityScheme,
  eye: identityScheme,
  dirac: diracScheme,
  sparse: sparseScheme,
};

// 'he-normal', 'he_normal', 'HeNormal' and 'heNormal' all name one scheme.
function canonical(name: string): string {
  return name.replace(/[-_\s]+(.)/g, (_, c: string) => c.toUpperCase()).replace(/^./, (c) => c.toLowerCase());
}

export function schemeNamed(fn: string, name: unknown): Scheme {
  const scheme = typeof name === 'string' ? SCHEMES[canonical(name)] : undefined;
  if (!scheme) throw typeError(fn, 'scheme', `one of ${Object.keys(SCHEMES).join(', ')}`, name);
  return scheme;
}

export function isDistributionScheme(s: Scheme): s is DistributionScheme {
  return 'spec' in s;
}
