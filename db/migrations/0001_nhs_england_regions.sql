-- NHS England's seven regions, so footprints can be set up on a new
-- installation without demo data. Ids are stable slugs.
INSERT OR IGNORE INTO `regions` (`id`, `name`) VALUES
  ('north-east-and-yorkshire', 'North East and Yorkshire'),
  ('north-west', 'North West'),
  ('midlands', 'Midlands'),
  ('east-of-england', 'East of England'),
  ('london', 'London'),
  ('south-east', 'South East'),
  ('south-west', 'South West');
