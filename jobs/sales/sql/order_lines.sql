-- sales.order_lines: the logical date's line items, joined to their order for its date and buyer.
SELECT
  l.l_orderkey                                                AS order_key,
  l.l_linenumber                                              AS line_number,
  o.order_date                                                AS order_date,
  o.customer_key                                              AS customer_key,
  l.l_partkey                                                 AS part_key,
  l.l_suppkey                                                 AS supplier_key,
  CAST(l.l_quantity AS BIGINT)                                AS quantity,
  l.l_extendedprice                                           AS extended_price,
  l.l_discount                                                AS discount,
  CAST(l.l_extendedprice * (1 - l.l_discount) AS DECIMAL(18,2)) AS net_revenue,
  l.l_shipmode                                                AS ship_mode
FROM lineitem l
JOIN orders o ON o.order_key = l.l_orderkey
WHERE o.order_date = ${logical_date}
