-- The dashboard's twelve-month trend (reviews per month and average rating per platform) read
-- every review row through the platform index: on a practice with 10,000 reviews that was the
-- whole file read at each start. This index holds all the trend needs, in date order, so the
-- query reads only the last twelve months of the index and never the table.
CREATE INDEX review_by_month ON review (published_on, platform COLLATE NOCASE, rating);
