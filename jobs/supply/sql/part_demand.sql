-- supply.part_demand: what sold on the logical date, per brand.
SELECT
  l.order_date,
  p.brand,
  SUM(l.quantity)    AS units,
  SUM(l.net_revenue) AS revenue
FROM lines l
JOIN parts p ON p.part_key = l.part_key
WHERE l.order_date = ${logical_date}
GROUP BY l.order_date, p.brand
