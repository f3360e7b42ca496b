package io.lanes.broker.http;

/**
 * Retries an assertion over fresh scrapes for a few seconds: a request's figures are recorded once its response
 * reached the socket, so a client can see its response a moment before its scrape shows it.
 */
final class Eventually {
    interface ScrapeCheck {
        void check(Scrape scrape) throws Exception;
    }

    private Eventually() {
    }

    static void scrape(int port, ScrapeCheck check) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                check.check(Scrape.of(port));
                return;
            } catch (AssertionError e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
