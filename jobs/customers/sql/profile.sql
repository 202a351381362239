-- customers.profile: the day's customer snapshot with its nation and region spelled out.
SELECT
  c.c_custkey    AS customer_key,
  c.c_name       AS name,
  c.c_address    AS address,
  c.c_phone      AS phone,
  n.n_name       AS nation,
  r.r_name       AS region,
  c.c_mktsegment AS market_segment,
  c.c_acctbal    AS account_balance
FROM customer c
JOIN nation n ON c.c_nationkey = n.n_nationkey
JOIN region r ON n.n_regionkey = r.r_regionkey
