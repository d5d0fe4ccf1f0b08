using ScSession.Internal;

namespace ScSession.Core.Tests;

/// <summary>
/// The save decision as a table: from what the request holds (a session or not, changes, what the cookie still needs,
/// the idle refresh, the backend, whether the response started) to what is written.
/// </summary>
public sealed class CommitPlanTests
{
    private const bool Session = true, NoSession = false, Changes = true, NoChanges = false;
    private const bool RefreshDue = true, NotDue = false, Cookie = true, Store = false, Started = true, NotStarted = false;

    [Theory]
    // No session and nothing to store: nothing, unless a cookie the browser holds must go (and still can).
    [InlineData(NoSession, NoChanges, nameof(CookieDuty.None), NotDue, Cookie, NotStarted, nameof(CommitAction.None), false)]
    [InlineData(NoSession, NoChanges, nameof(CookieDuty.ExpireRefused), NotDue, Cookie, NotStarted, nameof(CommitAction.ExpireCookie), false)]
    [InlineData(NoSession, NoChanges, nameof(CookieDuty.ExpireDestroyed), NotDue, Store, NotStarted, nameof(CommitAction.ExpireCookie), false)]
    [InlineData(NoSession, NoChanges, nameof(CookieDuty.ExpireRefused), NotDue, Store, Started, nameof(CommitAction.None), false)]
    [InlineData(NoSession, NoChanges, nameof(CookieDuty.ExpireDestroyed), NotDue, Cookie, Started, nameof(CommitAction.None), false)]
    // No session and something to store: a new session, always with its cookie (it replaces any refused or destroyed one).
    [InlineData(NoSession, Changes, nameof(CookieDuty.None), NotDue, Store, NotStarted, nameof(CommitAction.Create), true)]
    [InlineData(NoSession, Changes, nameof(CookieDuty.ExpireRefused), NotDue, Cookie, NotStarted, nameof(CommitAction.Create), true)]
    [InlineData(NoSession, Changes, nameof(CookieDuty.ExpireDestroyed), NotDue, Store, NotStarted, nameof(CommitAction.Create), true)]
    // A session with nothing to do: no write at all, on either backend.
    [InlineData(Session, NoChanges, nameof(CookieDuty.None), NotDue, Cookie, NotStarted, nameof(CommitAction.None), false)]
    [InlineData(Session, NoChanges, nameof(CookieDuty.None), NotDue, Store, NotStarted, nameof(CommitAction.None), false)]
    // A change: the cookie store re-issues its cookie (it is the data); a server store keeps the cookie it has.
    [InlineData(Session, Changes, nameof(CookieDuty.None), NotDue, Cookie, NotStarted, nameof(CommitAction.Update), true)]
    [InlineData(Session, Changes, nameof(CookieDuty.None), NotDue, Store, NotStarted, nameof(CommitAction.Update), false)]
    [InlineData(Session, Changes, nameof(CookieDuty.None), NotDue, Store, Started, nameof(CommitAction.Update), false)]
    // A renewal: the browser must get the new ID, with or without a change.
    [InlineData(Session, NoChanges, nameof(CookieDuty.Reissue), NotDue, Store, NotStarted, nameof(CommitAction.Update), true)]
    [InlineData(Session, Changes, nameof(CookieDuty.Reissue), NotDue, Store, NotStarted, nameof(CommitAction.Update), true)]
    [InlineData(Session, NoChanges, nameof(CookieDuty.Reissue), NotDue, Cookie, NotStarted, nameof(CommitAction.Update), true)]
    // The idle refresh slides the expiry: stored and re-issued even without a change.
    [InlineData(Session, NoChanges, nameof(CookieDuty.None), RefreshDue, Store, NotStarted, nameof(CommitAction.Update), true)]
    [InlineData(Session, NoChanges, nameof(CookieDuty.None), RefreshDue, Cookie, NotStarted, nameof(CommitAction.Update), true)]
    [InlineData(Session, Changes, nameof(CookieDuty.None), RefreshDue, Store, NotStarted, nameof(CommitAction.Update), true)]
    public void Decides_what_a_save_writes(
        bool hasSession, bool hasChanges, string duty, bool idleRefreshDue, bool dataInCookie, bool responseStarted,
        string action, bool reissueCookie)
    {
        var plan = CommitPlan.Decide(hasSession, hasChanges, Enum.Parse<CookieDuty>(duty), idleRefreshDue, dataInCookie, responseStarted);

        Assert.Equal(new CommitPlan(Enum.Parse<CommitAction>(action), reissueCookie), plan);
    }

    public static TheoryData<bool, bool, string, bool, bool, bool> AllInputs()
    {
        var data = new TheoryData<bool, bool, string, bool, bool, bool>();
        foreach (var duty in Enum.GetNames<CookieDuty>())
        {
            for (var bits = 0; bits < 32; bits++) // every combination of the five yes/no inputs
            {
                data.Add((bits & 1) != 0, (bits & 2) != 0, duty, (bits & 4) != 0, (bits & 8) != 0, (bits & 16) != 0);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllInputs))]
    public void Never_loses_a_change_and_never_writes_for_nothing(
        bool hasSession, bool hasChanges, string dutyName, bool idleRefreshDue, bool dataInCookie, bool responseStarted)
    {
        var duty = Enum.Parse<CookieDuty>(dutyName);
        var plan = CommitPlan.Decide(hasSession, hasChanges, duty, idleRefreshDue, dataInCookie, responseStarted);

        // A change is always stored: in a new session when there is none.
        if (hasChanges)
        {
            Assert.Equal(hasSession ? CommitAction.Update : CommitAction.Create, plan.Action);
        }

        // Only a save issues a cookie, and a new session always gets one.
        Assert.True(!plan.ReissueCookie || plan.Action is CommitAction.Create or CommitAction.Update);
        Assert.True(plan.Action != CommitAction.Create || plan.ReissueCookie);

        // Nothing happening (no change, no renewal, no refresh, no cookie to expire) writes nothing.
        if (!hasChanges && duty == CookieDuty.None && !idleRefreshDue)
        {
            Assert.Equal(CommitAction.None, plan.Action);
        }

        // A cookie is expired only when there is no session, and only while the response can still carry it.
        Assert.True(plan.Action != CommitAction.ExpireCookie || (!hasSession && !responseStarted));
    }
}
