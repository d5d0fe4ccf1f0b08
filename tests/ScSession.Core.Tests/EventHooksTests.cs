using ScSession.Internal;

namespace ScSession.Core.Tests;

/// <summary>The hot path skips building event contexts only when nobody can observe the event.</summary>
public sealed class EventHooksTests
{
    [Fact]
    public void Default_events_have_no_handlers()
    {
        var events = new ScSessionEvents();
        Assert.False(EventHooks.Loaded(events));
        Assert.False(EventHooks.Saving(events));
        Assert.False(EventHooks.Created(events));
    }

    [Fact]
    public void A_delegate_counts_as_a_handler()
    {
        var events = new ScSessionEvents { OnLoaded = _ => Task.CompletedTask };
        Assert.True(EventHooks.Loaded(events));
        Assert.False(EventHooks.Saving(events));
    }

    [Fact]
    public void A_subclass_always_counts_as_a_handler()
    {
        var events = new OverridingEvents();
        Assert.True(EventHooks.Loaded(events));
        Assert.True(EventHooks.Saving(events));
        Assert.True(EventHooks.Created(events));
    }

    private sealed class OverridingEvents : ScSessionEvents
    {
        public override Task Loaded(ScSessionContext context) => Task.CompletedTask;
    }
}
