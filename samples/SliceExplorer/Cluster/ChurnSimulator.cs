using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SliceExplorer.Cluster;

/// <summary>One change to the simulated cluster: a phase (for display) and what happens to the Pods.</summary>
internal sealed record ChurnStep(string Phase, ServiceModel Service, Action Change);

/// <summary>
/// What happens in the cluster while the sample watches: a Deployment scales up (new Pods start, then become
/// ready), another one rolls out a new version (a quarter of the Pods at a time: new ones start and become
/// ready, old ones terminate and go), and the first scales back down (Pods terminate, then go; a slice that
/// empties is deleted). Each step changes the model and the <see cref="SliceController"/> writes the changed
/// slices through the server's store, so every watcher sees ADDED, MODIFIED and DELETED events. A cycle
/// ends where it started (the same counts), so it can repeat for as long as the server runs.
/// </summary>
internal sealed class ChurnSimulator
{
    public const int ScaleBy = 40;
    public const int ScaleBatch = 20;
    public const int RollingBatches = 4;

    private readonly ClusterModel _model;
    private readonly SliceController _controller;
    private readonly Random _random;

    public ChurnSimulator(ClusterModel model, SliceController controller, ServiceModel scaleTarget, ServiceModel rollingTarget, int seed)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _controller = controller ?? throw new ArgumentNullException(nameof(controller));
        ScaleTarget = scaleTarget ?? throw new ArgumentNullException(nameof(scaleTarget));
        RollingTarget = rollingTarget ?? throw new ArgumentNullException(nameof(rollingTarget));
        _random = new Random(seed);
    }

    public ServiceModel ScaleTarget { get; }

    public ServiceModel RollingTarget { get; }

    /// <summary>How many steps one cycle has (to pace it over a given time).</summary>
    public int StepsPerCycle => Cycle().Count();

    /// <summary>Writes so far (each one a watch event).</summary>
    public int Writes => Created + Updated + Deleted;

    /// <summary>Slices created so far (ADDED events).</summary>
    public int Created { get; private set; }

    /// <summary>Slices updated so far (MODIFIED events).</summary>
    public int Updated { get; private set; }

    /// <summary>Slices deleted so far (DELETED events).</summary>
    public int Deleted { get; private set; }

    /// <summary>
    /// The Services to churn among those in <paramref name="namespace"/> (null: all): shop/checkout scales,
    /// payments/ledger rolls out; in another namespace its first single-stack IP Services. Null when it has none.
    /// </summary>
    public static (ServiceModel Scale, ServiceModel Rolling)? ChooseTargets(ClusterModel model, string? @namespace)
    {
        ArgumentNullException.ThrowIfNull(model);
        List<ServiceModel> candidates = model.Services
            .Where(service => (@namespace is null || service.Namespace == @namespace)
                && service.AddressTypes.Count == 1 && service.AddressTypes[0] != "FQDN" && !service.Headless)
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        ServiceModel scale = candidates.FirstOrDefault(service => service.Key == "shop/checkout") ?? candidates[0];
        ServiceModel rolling = candidates.FirstOrDefault(service => service.Key == "payments/ledger")
            ?? candidates.FirstOrDefault(service => service != scale)
            ?? scale;
        return (scale, rolling);
    }

    public string Describe() =>
        $"scale-up {ScaleTarget.Key} +{ScaleBy}, rolling update {RollingTarget.Key}, scale-down {ScaleTarget.Key} -{ScaleBy}";

    /// <summary>Runs one cycle, a step every <paramref name="pace"/>.</summary>
    public async Task RunCycleAsync(TimeSpan pace, Action<string>? onPhase, CancellationToken cancellationToken)
    {
        string? phase = null;
        foreach (ChurnStep step in Cycle())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (step.Phase != phase)
            {
                phase = step.Phase;
                onPhase?.Invoke(phase);
            }

            step.Change();
            foreach (SliceWrite write in _controller.Sync(step.Service))
            {
                switch (write.Kind)
                {
                    case SliceWriteKind.Created:
                        Created++;
                        break;
                    case SliceWriteKind.Updated:
                        Updated++;
                        break;
                    default:
                        Deleted++;
                        break;
                }
            }

            await Task.Delay(pace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Repeats the cycle until cancelled.</summary>
    public async Task RunForeverAsync(TimeSpan pace, Action<string>? onPhase, CancellationToken cancellationToken)
    {
        while (true)
        {
            await RunCycleAsync(pace, onPhase, cancellationToken).ConfigureAwait(false);
        }
    }

    private IEnumerable<ChurnStep> Cycle()
    {
        ServiceModel scale = ScaleTarget;
        string up = $"scale-up {scale.Key} {scale.Pods.Count} -> {scale.Pods.Count + ScaleBy} pods";
        var added = new List<PodModel>();
        for (int batch = 0; batch < ScaleBy / ScaleBatch; batch++)
        {
            var starting = new List<PodModel>();
            yield return new ChurnStep(up, scale, () =>
            {
                starting.AddRange(NewPods(scale, ScaleBatch));
                added.AddRange(starting);
            });
            yield return new ChurnStep(up, scale, () => starting.ForEach(pod => pod.BecomeReady()));
        }

        ServiceModel rolling = RollingTarget;
        string rollout = $"rolling update {rolling.Key} ({rolling.Pods.Count} pods, {RollingBatches} batches)";
        var old = new List<PodModel>();
        for (int batch = 0; batch < RollingBatches; batch++)
        {
            bool first = batch == 0;
            bool last = batch == RollingBatches - 1;
            var starting = new List<PodModel>();
            var leaving = new List<PodModel>();
            yield return new ChurnStep(rollout, rolling, () =>
            {
                if (first)
                {
                    old.AddRange(rolling.Pods.Where(pod => !added.Contains(pod)));
                    rolling.TemplateHash = ClusterSeeder.RandomName(_random, 10);
                }

                int size = last ? old.Count : (old.Count + RollingBatches - 1 - batch) / (RollingBatches - batch);
                leaving.AddRange(old.Take(size));
                old.RemoveRange(0, leaving.Count);
                starting.AddRange(NewPods(rolling, leaving.Count));
            });
            yield return new ChurnStep(rollout, rolling, () => starting.ForEach(pod => pod.BecomeReady()));
            yield return new ChurnStep(rollout, rolling, () => leaving.ForEach(pod => pod.BeginTermination()));
            yield return new ChurnStep(rollout, rolling, () => rolling.Pods.RemoveAll(leaving.Contains));
        }

        string down = $"scale-down {scale.Key} {scale.Pods.Count} -> {scale.Pods.Count - ScaleBy} pods";
        for (int batch = 0; batch < ScaleBy / ScaleBatch; batch++)
        {
            // The newest Pods go first, as a ReplicaSet scaling down prefers them.
            var leaving = new List<PodModel>();
            yield return new ChurnStep(down, scale, () =>
            {
                leaving.AddRange(Enumerable.Reverse(added).Take(ScaleBatch));
                added.RemoveAll(leaving.Contains);
                leaving.ForEach(pod => pod.BeginTermination());
            });
            yield return new ChurnStep(down, scale, () => scale.Pods.RemoveAll(leaving.Contains));
        }
    }

    private List<PodModel> NewPods(ServiceModel service, int count)
    {
        var pods = new List<PodModel>();
        for (int i = 0; i < count; i++)
        {
            PodModel pod = ClusterSeeder.NewPod(service, _random, _model.Addresses, service.Pods.Count);
            pod.Start();
            service.Pods.Add(pod);
            pods.Add(pod);
        }

        return pods;
    }
}
