namespace OctoMesh.Relay.WireGuard.Noise;

/// <summary>
/// The timers of whitepaper §6 as wireguard-go's device/timers.go arranges them, kept as
/// deadlines and run by <see cref="UpdateTimers"/>, which the owner calls periodically (a
/// TimeProvider timer, so tests move virtual time).
/// </summary>
internal sealed partial class WireGuardPeer
{
    private TimeSpan? retransmitHandshakeAt;
    private TimeSpan? sendKeepaliveAt;
    private TimeSpan? newHandshakeAt;
    private TimeSpan? zeroKeyMaterialAt;
    private TimeSpan? persistentKeepaliveAt;
    private bool needAnotherKeepalive;
    private bool sentLastMinuteHandshake;
    private int handshakeAttempts;

    public void UpdateTimers()
    {
        lock (gate)
        {
            if (removed)
            {
                return;
            }
            TimeSpan now = Now;
            if (IsDue(ref retransmitHandshakeAt, now))
            {
                RetransmitHandshake();
            }
            if (IsDue(ref sendKeepaliveAt, now))
            {
                SendKeepalive();
                if (needAnotherKeepalive)
                {
                    needAnotherKeepalive = false;
                    sendKeepaliveAt = now + WireGuardTimers.KeepaliveTimeout;
                }
            }
            if (IsDue(ref newHandshakeAt, now))
            {
                // §6.2: we sent data and heard nothing for KEEPALIVE_TIMEOUT + REKEY_TIMEOUT.
                SendHandshakeInitiation(isRetry: false);
            }
            if (IsDue(ref zeroKeyMaterialAt, now))
            {
                // §6.3: no new session for 3 × REJECT_AFTER_TIME: forget every key.
                ZeroKeyMaterial();
            }
            if (IsDue(ref persistentKeepaliveAt, now) && PersistentKeepalive is not null)
            {
                SendKeepalive();
            }
        }
    }

    private static bool IsDue(ref TimeSpan? deadline, TimeSpan now)
    {
        if (deadline is { } at && at <= now)
        {
            deadline = null;
            return true;
        }
        return false;
    }

    private void RetransmitHandshake()
    {
        if (handshakeAttempts >= WireGuardTimers.MaxHandshakeAttempts)
        {
            // §6.4: after REKEY_ATTEMPT_TIME we give up until new data asks for a session.
            WireGuardLog.HandshakeGaveUp(logger, PublicKey, handshakeAttempts + 1);
            DropStaged();
            zeroKeyMaterialAt ??= Now + 3 * WireGuardTimers.RejectAfterTime;
            return;
        }
        handshakeAttempts++;
        SendHandshakeInitiation(isRetry: true);
    }

    /// <summary>§6.2: the initiator rekeys after REKEY_AFTER_MESSAGES or REKEY_AFTER_TIME when it sends.</summary>
    private void KeepKeyFreshSending()
    {
        TransportKeypair? keypair = current;
        if (keypair is not null
            && (keypair.SendCounter > WireGuardTimers.RekeyAfterMessages
                || (keypair.IsInitiator && timeProvider.GetElapsedTime(keypair.CreatedTimestamp) > WireGuardTimers.RekeyAfterTime)))
        {
            SendHandshakeInitiation(isRetry: false);
        }
    }

    /// <summary>
    /// §6.2: an initiator receiving under a session older than REJECT_AFTER_TIME − KEEPALIVE_TIMEOUT −
    /// REKEY_TIMEOUT starts one last handshake before the session dies.
    /// </summary>
    private void KeepKeyFreshReceiving()
    {
        if (sentLastMinuteHandshake)
        {
            return;
        }
        TransportKeypair? keypair = current;
        if (keypair is not null && keypair.IsInitiator
            && timeProvider.GetElapsedTime(keypair.CreatedTimestamp) > WireGuardTimers.RejectAfterTime - WireGuardTimers.KeepaliveTimeout - WireGuardTimers.RekeyTimeout)
        {
            sentLastMinuteHandshake = true;
            SendHandshakeInitiation(isRetry: false);
        }
    }

    private void OnDataSent() =>
        newHandshakeAt ??= Now + WireGuardTimers.KeepaliveTimeout + WireGuardTimers.RekeyTimeout + Jitter();

    private void OnDataReceived()
    {
        if (sendKeepaliveAt is null)
        {
            sendKeepaliveAt = Now + WireGuardTimers.KeepaliveTimeout;
        }
        else
        {
            needAnotherKeepalive = true;
        }
    }

    private void OnAnyAuthenticatedPacketSent() => sendKeepaliveAt = null;

    private void OnAnyAuthenticatedPacketReceived() => newHandshakeAt = null;

    private void OnHandshakeInitiated() => retransmitHandshakeAt = Now + WireGuardTimers.RekeyTimeout + Jitter();

    private void OnHandshakeComplete()
    {
        retransmitHandshakeAt = null;
        handshakeAttempts = 0;
        sentLastMinuteHandshake = false;
        LastHandshake = timeProvider.GetUtcNow();
    }

    private void OnSessionDerived() => zeroKeyMaterialAt = Now + 3 * WireGuardTimers.RejectAfterTime;

    private void OnAnyAuthenticatedPacketTraversal()
    {
        if (PersistentKeepalive is { } interval)
        {
            persistentKeepaliveAt = Now + interval;
        }
    }

    private static TimeSpan Jitter() => TimeSpan.FromMilliseconds(Random.Shared.Next(WireGuardTimers.RekeyTimeoutJitterMaxMilliseconds));
}
