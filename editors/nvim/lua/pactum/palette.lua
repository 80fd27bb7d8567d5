-- Label colours of the default schema (schemas/parks-v1.json), so that
-- highlights work before (and without) reading any schema file. The Neovim
-- end-to-end test checks that this table matches the schema.
return {
  { name = 'PERSON', kind = 'entity', color = '#e6550d' },
  { name = 'ORG', kind = 'entity', color = '#3182bd' },
  { name = 'PARK', kind = 'entity', color = '#31a354' },
  { name = 'GPE', kind = 'entity', color = '#756bb1' },
  { name = 'LOC', kind = 'entity', color = '#9e9ac8' },
  { name = 'EVENT', kind = 'entity', color = '#de2d26' },
  { name = 'ROLE', kind = 'entity', color = '#fd8d3c' },
  { name = 'DATE', kind = 'entity', color = '#636363' },
  { name = 'MONEY', kind = 'entity', color = '#a1d99b' },
  { name = 'CARDINAL', kind = 'entity', color = '#bdbdbd' },
  { name = 'ORDINAL', kind = 'entity', color = '#969696' },
  { name = 'PERCENT', kind = 'entity', color = '#c7e9c0' },
  { name = 'AGREEMENT', kind = 'entity', color = '#e7298a' },
  { name = 'SIGNING', kind = 'clause', color = '#d95f02' },
  { name = 'PURPOSE', kind = 'clause', color = '#7570b3' },
  { name = 'COMMITMENT', kind = 'clause', color = '#1b9e77' },
}
