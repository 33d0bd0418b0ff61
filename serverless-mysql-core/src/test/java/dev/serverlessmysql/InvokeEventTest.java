package dev.serverlessmysql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The extension reads an event's type and deadline without regular expressions. */
class InvokeEventTest {

    @Test
    void anInvokeEventsDeadlineIsRead() {
        assertThat(LambdaShutdown.Registration.invokeDeadline("{\"eventType\":\"INVOKE\",\"deadlineMs\":1700000000123,"
                + "\"requestId\":\"3da1f2dc\",\"invokedFunctionArn\":\"arn:aws:lambda:us-east-1:1:function:f\","
                + "\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-5f35ae12\"}}")).isEqualTo(1700000000123L);
        assertThat(LambdaShutdown.Registration.invokeDeadline("{ \"deadlineMs\" :\n 42 , \"eventType\" : \"INVOKE\" }"))
                .as("any order, any spacing").isEqualTo(42);
    }

    @Test
    void anInvokeEventWithoutADeadlineIsZeroAndAnyOtherEventIsMinusOne() {
        assertThat(LambdaShutdown.Registration.invokeDeadline("{\"eventType\":\"INVOKE\"}")).isZero();
        assertThat(LambdaShutdown.Registration.invokeDeadline("{\"eventType\":\"INVOKE\",\"deadlineMs\":\"soon\"}")).isZero();
        assertThat(LambdaShutdown.Registration.invokeDeadline("{\"eventType\":\"SHUTDOWN\",\"deadlineMs\":42}")).isEqualTo(-1);
        assertThat(LambdaShutdown.Registration.invokeDeadline("{\"eventType\":\"INVOKED\",\"deadlineMs\":42}")).isEqualTo(-1);
        assertThat(LambdaShutdown.Registration.invokeDeadline("{\"deadlineMs\":42}")).isEqualTo(-1);
        assertThat(LambdaShutdown.Registration.invokeDeadline("")).isEqualTo(-1);
    }
}
