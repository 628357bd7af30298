/**
 * The middlebox lab from JUnit: {@link io.pcapflow.testkit.lab.Lab} runs {@code scripts/lab/lab.sh} (a client, a
 * NAT or proxy box and a server in network namespaces, real traffic, captures of both legs) and
 * {@link io.pcapflow.testkit.lab.GroundTruth} reads a run's {@code truth.json}, for live runs and for the
 * committed runs under {@code fixtures/captures/middlebox/}. {@link io.pcapflow.testkit.lab.Json} is the small
 * JSON reader both use.
 */
package io.pcapflow.testkit.lab;
