package io.lanes.cli.demo;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentCheckTest {

    @Test
    void shouldPassWhenEveryPaidOrderHasExactlyOnePayment() {
        CheckResult result = PaymentCheck.check(Set.of(1, 2), Map.of(1, 1, 2, 1), null);

        assertThat(result.passed()).isTrue();
        assertThat(result.details()).containsExactly("2 committed payments for 2 orders with a PAID event");
    }

    @Test
    void shouldReportDuplicateMissingAndUnexpectedPayments() {
        CheckResult result = PaymentCheck.check(Set.of(1, 2), Map.of(1, 2, 3, 1), null);

        assertThat(result.passed()).isFalse();
        assertThat(result.violations()).containsExactly("ord-000001 was paid 2 times", "ord-000002 was paid 0 times",
                "ord-000003 was paid but its PAID event was never acknowledged");
    }

    @Test
    void shouldFailWhenPaymentsCannotBeRead() {
        CheckResult result = PaymentCheck.check(Set.of(1), Map.of(), "timeout");

        assertThat(result.violations()).containsExactly("could not read payment_results: timeout");
    }
}
