// Counting render batches needs the renderer's own types (BL0006 warns they may change between releases); test-only.
#pragma warning disable BL0006
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Studio.Web.Pipelines;

namespace Studio.Tests.Components;

/// <summary>
/// A Blazor renderer that counts render batches, as a circuit would send them (bUnit reports rendered components, not
/// batches). Renders a component as a root with localisation only, so it suits our pure board components.
/// </summary>
public sealed class BatchCountingRenderer() : Renderer(Services(), NullLoggerFactory.Instance)
{
    private readonly Dictionary<IComponent, int> _renders = new(ReferenceEqualityComparer.Instance);

    public override Dispatcher Dispatcher { get; } = Dispatcher.CreateDefault();

    public int Batches { get; private set; }

    /// <summary>How many board columns the last batch rendered.</summary>
    public int LastBatchColumns { get; private set; }

    private static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalization();
        services.AddSingleton(new Studio.Web.Components.Shared.Formats(() => Studio.Infrastructure.Organisation.OrganisationSettings.Default));
        return services.BuildServiceProvider();
    }

    public async Task<T> RenderAsync<T>(IDictionary<string, object?> parameters) where T : IComponent
    {
        var component = (T)InstantiateComponent(typeof(T));
        await Dispatcher.InvokeAsync(() => RenderRootComponentAsync(AssignRootComponentId(component), ParameterView.FromDictionary(parameters)));
        return component;
    }

    /// <summary>How many times a component rendered (was among a batch's updated components).</summary>
    public int RendersOf(IComponent component) => _renders.GetValueOrDefault(component);

    protected override Task UpdateDisplayAsync(in RenderBatch batch)
    {
        Batches++;
        var columns = 0;
        for (var i = 0; i < batch.UpdatedComponents.Count; i++)
        {
            var component = GetComponentState(batch.UpdatedComponents.Array[i].ComponentId).Component;
            _renders[component] = _renders.GetValueOrDefault(component) + 1;
            if (component is BoardColumn) columns++;
        }
        LastBatchColumns = columns;
        return Task.CompletedTask;
    }

    protected override void HandleException(Exception exception) => throw exception;
}
