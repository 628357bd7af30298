/**
 * Scripted TCP conversations written as tiny captures: {@link io.pcapflow.testkit.scenario.TcpScenario} tracks
 * sequence and acknowledgment numbers, options and a hand-advanced clock, and
 * {@link io.pcapflow.testkit.scenario.Scenarios} holds one script per TCP behaviour, written to
 * {@code fixtures/scenarios/<name>.pcap} for the golden-file tests of the connection analyzer.
 */
package io.pcapflow.testkit.scenario;
