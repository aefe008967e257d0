using OctoMesh.Media.Bwe;

namespace OctoMesh.Media.Tests.Bwe;

/// <summary>
/// The estimator in a simulated network, in virtual time (issue 12, "Acceptance"): it finds a 2 Mbit/s link to
/// within 20 % in 5 s and stays there, falls below a halved link within 1 s, keeps out of a lossy link's losses,
/// and with a sender that sends whole simulcast layers finds out by probing that the top layer fits.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class GccEstimatorTests
{
    private const long TwoMegabits = 2_000_000;

    [Fact]
    public void On_a_2_Mbit_link_the_estimate_is_within_20_percent_by_5_s_and_stays_there()
    {
        var simulation = new BweSimulation(new SimulatedLink(TwoMegabits), demand: 5_000_000);

        simulation.RunFor(TimeSpan.FromSeconds(5));
        var outside = new List<string>();
        simulation.RunFor(TimeSpan.FromSeconds(10), () =>
        {
            var estimate = simulation.Estimator.Estimate;
            if (estimate < TwoMegabits * 0.8 || estimate > TwoMegabits * 1.2)
            {
                outside.Add($"{simulation.NowUs / 1000} ms: {estimate}");
            }
        });

        Assert.True(outside.Count == 0, $"Estimate outside 1.6–2.4 Mbit/s after 5 s: {string.Join(", ", outside.Take(20))}");
        Assert.True(simulation.Estimator.ProbeResults > 0, "The estimator never measured a probe.");
    }

    [Fact]
    public void When_the_link_halves_the_estimate_falls_below_it_within_a_second()
    {
        var link = new SimulatedLink(TwoMegabits);
        var simulation = new BweSimulation(link, demand: 5_000_000);
        simulation.RunFor(TimeSpan.FromSeconds(10));
        Assert.InRange(simulation.Estimator.Estimate, TwoMegabits * 0.8, TwoMegabits * 1.2);

        link.Bitrate = TwoMegabits / 2;
        long? belowAtUs = null;
        var halvedAtUs = simulation.NowUs;
        simulation.RunFor(TimeSpan.FromSeconds(3), () =>
        {
            if (belowAtUs is null && simulation.Estimator.Estimate < link.Bitrate)
            {
                belowAtUs = simulation.NowUs;
            }
        });

        Assert.True(belowAtUs is not null, $"The estimate stayed at {simulation.Estimator.Estimate} on a 1 Mbit/s link.");
        Assert.InRange((belowAtUs.Value - halvedAtUs) / 1000, 0, 1000);
        // And it does not collapse: it settles near the new link.
        Assert.InRange(simulation.Estimator.Estimate, link.Bitrate * 0.6, link.Bitrate * 1.2);
    }

    [Fact]
    public void Heavy_random_loss_bounds_the_estimate_and_light_loss_does_not()
    {
        var lossy = new BweSimulation(new SimulatedLink(4_000_000, randomLoss: 0.2, seed: 7), demand: 5_000_000);
        var clean = new BweSimulation(new SimulatedLink(4_000_000, randomLoss: 0.01, seed: 7), demand: 5_000_000);

        lossy.RunFor(TimeSpan.FromSeconds(10));
        clean.RunFor(TimeSpan.FromSeconds(10));

        Assert.True(lossy.Estimator.Estimate < 1_000_000, $"20 % loss left the estimate at {lossy.Estimator.Estimate}.");
        Assert.True(clean.Estimator.Estimate > 3_000_000, $"1 % loss held the estimate at {clean.Estimator.Estimate}.");
    }

    [Fact]
    public void A_sender_of_whole_layers_learns_by_probing_that_the_top_layer_fits()
    {
        // Three layers (150 k, 500 k, 1.5 M); the sender sends the best that fits the estimate, never a partial one,
        // so only probes can show that more fits.
        long[] layers = [150_000, 500_000, 1_500_000];
        var simulation = new BweSimulation(new SimulatedLink(3_000_000), demand: layers[^1] * 2)
        {
            ChooseRate = estimate => layers.LastOrDefault(l => l <= estimate, layers[0]),
        };

        simulation.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal(layers[^1], simulation.MediaRate);
        Assert.True(simulation.Estimator.ProbeBytes > 0);
    }

    [Fact]
    public void A_sender_that_goes_up_only_with_a_margin_learns_that_the_top_layer_fits_with_it()
    {
        // As the bridge's allocator: a higher layer only when it fits 15 % over, and the viewer wants exactly that
        // (the top layer with its margin). A probe aimed at just the demand measures a little under it when the pacer
        // sends it a little late (here over 10 % longer than planned), which would never clear the margin.
        const double margin = 1.15;
        long[] layers = [150_000, 500_000, 1_500_000];
        var simulation = new BweSimulation(new SimulatedLink(10_000_000), demand: (long)(layers[^1] * margin))
        {
            ProbeStretch = 1.1,
            ChooseRate = estimate => layers.LastOrDefault(l => l * margin <= estimate, layers[0]),
        };

        simulation.RunFor(TimeSpan.FromSeconds(8));

        Assert.True(simulation.MediaRate == layers[^1],
            $"After 8 s on a 10 Mbit/s link the sender sent {simulation.MediaRate} (estimate {simulation.Estimator.Estimate}, demand {simulation.Demand}).");
    }

    [Fact]
    public void A_viewer_that_wants_more_later_is_probed_up_to_it_within_3_s()
    {
        // A publisher's layers ramp up (or a viewer lifts a pin) after a while of wanting little.
        var simulation = new BweSimulation(new SimulatedLink(5_000_000), demand: 100_000);
        simulation.RunFor(TimeSpan.FromSeconds(3));

        simulation.Demand = 2_500_000;
        simulation.RunFor(TimeSpan.FromSeconds(3));

        Assert.True(simulation.Estimator.Estimate >= simulation.Demand * 0.8,
            $"3 s after the demand rose to {simulation.Demand} the estimate was {simulation.Estimator.Estimate}.");
    }

    [Fact]
    public void Without_feedback_the_estimate_stays_at_the_start_rate()
    {
        var estimator = new GccEstimator();

        estimator.OnFeedback([], 1_000_000);

        Assert.Equal(GccEstimator.DefaultStartBitrate, estimator.Estimate);
    }
}
