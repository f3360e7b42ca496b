package io.lanes.broker;

import io.lanes.broker.api.ApiDispatcher;

/** Registers the administrative APIs (topics, configs, cluster, log dirs). */
final class AdminHandlers {
    private AdminHandlers() {
    }

    static void register(ApiDispatcher dispatcher, BrokerServices services) {
    }
}
