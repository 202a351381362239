-- customers.segments: how many customers each nation has per market segment.
SELECT
  nation,
  market_segment,
  COUNT(*)             AS customers,
  AVG(account_balance) AS avg_balance
FROM profile
GROUP BY nation, market_segment
