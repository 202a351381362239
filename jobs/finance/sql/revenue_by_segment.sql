-- finance.revenue_by_segment: the logical date's invoiced and settled amounts per market segment.
SELECT
  p.order_date,
  c.market_segment,
  COUNT(*)                                                   AS payments,
  SUM(p.amount)                                              AS amount,
  SUM(CASE WHEN p.status = 'settled' THEN p.amount ELSE 0 END) AS settled_amount
FROM payments p
JOIN customers c ON c.customer_key = p.customer_key
WHERE p.order_date = ${logical_date}
GROUP BY p.order_date, c.market_segment
