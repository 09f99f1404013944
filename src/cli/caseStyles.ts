// The command line spells names in kebab-case (he-normal, fan-in); the
// library in camelCase (heNormal, fanIn). Either spelling is accepted.

/** 'heNormal', 'he_normal', 'HeNormal' -> 'he-normal'. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[_\s]+/g, '-')
    .toLowerCase();
}

/** 'he-normal', 'he_normal' -> 'heNormal'. */
export function camelCase(name: string): string {
  return name.replace(/[-_\s]+(.)/g, (_, c: string) => c.toUpperCase()).replace(/^./, (c) => c.toLowerCase());
}
