-- sales.daily_revenue: the logical date's revenue per nation of the buyer.
SELECT
  l.order_date,
  c.nation,
  COUNT(DISTINCT l.order_key) AS orders,
  SUM(l.net_revenue)          AS revenue
FROM lines l
JOIN customers c ON c.customer_key = l.customer_key
WHERE l.order_date = ${logical_date}
GROUP BY l.order_date, c.nation
