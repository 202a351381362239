-- supply.parts: the part master data with readable column names.
SELECT
  p_partkey     AS part_key,
  p_name        AS name,
  p_mfgr        AS manufacturer,
  p_brand       AS brand,
  p_type        AS type,
  p_size        AS size,
  p_container   AS container,
  p_retailprice AS retail_price
FROM part
