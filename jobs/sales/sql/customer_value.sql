-- sales.customer_value: what each customer has bought so far, with the segment they are in now.
SELECT
  o.customer_key,
  h.name            AS customer_name,
  h.market_segment,
  COUNT(*)          AS orders,
  SUM(o.total_price) AS total_spent,
  MIN(o.order_date) AS first_order_date,
  MAX(o.order_date) AS last_order_date
FROM orders o
LEFT JOIN history h ON h.customer_key = o.customer_key AND h.is_current
GROUP BY o.customer_key, h.name, h.market_segment
