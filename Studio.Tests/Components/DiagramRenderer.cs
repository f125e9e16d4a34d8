// Counting render batches and their bytes needs the renderer's own types (BL0006 warns they may change between releases); test-only.
#pragma warning disable BL0006
using System.Reflection;
using Blazor.Diagrams.Core.Geometry;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;

namespace Studio.Tests.Components;

/// <summary>
/// A Blazor renderer for the Blazor.Diagrams screens that measures what a circuit would send: each render batch is written
/// with Blazor Server's own <c>RenderBatchWriter</c> (the bytes that go down the circuit), and the components each batch
/// rendered are counted by type. The diagrams' JavaScript is answered by a stub (the canvas asks for its bounds).
/// </summary>
public sealed class DiagramRenderer() : Renderer(Services(), NullLoggerFactory.Instance)
{
    private static readonly Type Writer = typeof(Microsoft.AspNetCore.Components.Server.CircuitOptions).Assembly
        .GetType("Microsoft.AspNetCore.Components.Server.Circuits.RenderBatchWriter", throwOnError: true)!;

    public override Dispatcher Dispatcher { get; } = Dispatcher.CreateDefault();

    /// <summary>The batches so far: their bytes and the types of the components each one rendered.</summary>
    public List<(long Bytes, IReadOnlyList<Type> Rendered)> Batches { get; } = [];

    private static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalization();
        services.AddSingleton<IJSRuntime, StubJs>();
        services.AddSingleton(new Studio.Web.Components.Shared.Formats(() => Studio.Infrastructure.Organisation.OrganisationSettings.Default));
        return services.BuildServiceProvider();
    }

    public async Task<(T Component, int Id)> RenderAsync<T>(IDictionary<string, object?> parameters) where T : IComponent
    {
        var component = (T)InstantiateComponent(typeof(T));
        var id = AssignRootComponentId(component);
        await Dispatcher.InvokeAsync(() => RenderRootComponentAsync(id, ParameterView.FromDictionary(parameters)));
        return (component, id);
    }

    protected override Task UpdateDisplayAsync(in RenderBatch batch)
    {
        using var stream = new MemoryStream();
        using (var writer = (IDisposable)Activator.CreateInstance(Writer, stream, true)!)
            Writer.GetMethod("Write", BindingFlags.Public | BindingFlags.Instance)!.Invoke(writer, [batch]);
        var rendered = new List<Type>();
        for (var i = 0; i < batch.UpdatedComponents.Count; i++)
            rendered.Add(GetComponentState(batch.UpdatedComponents.Array[i].ComponentId).Component.GetType());
        Batches.Add((stream.Length, rendered));
        return Task.CompletedTask;
    }

    protected override void HandleException(Exception exception) => throw exception;

    /// <summary>The canvas's bounds for the diagrams' script; nothing for the rest (resize observers).</summary>
    private sealed class StubJs : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => InvokeAsync<TValue>(identifier, CancellationToken.None, args);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            ValueTask.FromResult(typeof(TValue) == typeof(Rectangle) ? (TValue)(object)new Rectangle(0, 0, 1200, 300) : default!);
    }
}
