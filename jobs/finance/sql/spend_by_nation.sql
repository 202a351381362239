-- finance.spend_by_nation: lifetime spend per customer nation, joined on the customer's hashed name (no clear name
-- reaches finance: both sides are other domains' output ports).
SELECT
  c.nation,
  COUNT(*)           AS customers,
  SUM(v.total_spent) AS total_spent
FROM value v
JOIN customers c ON c.name = v.customer_name
GROUP BY c.nation
