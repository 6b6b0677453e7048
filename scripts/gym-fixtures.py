"""Reference trajectories of the classic drills, recorded from Gymnasium itself.

    pip install gymnasium && python3 scripts/gym-fixtures.py

writes test/drills/fixtures/{cartpole,acrobot}.json, which
test/drills/{cartpole,acrobot}.test.ts replay through our envs step by step.
Each file holds episodes; each episode starts from env.reset(seed=seed),
takes the listed actions (seeded random ones, or a simple scripted policy
where an episode must reach the time limit or the goal), and records after
every step the observation, reward, terminated and truncated flags as
Gymnasium returns them, plus the env's internal float64 state (so a test can
also check every single step from exactly the reference's state). Floats are
written with repr, which round-trips float64 exactly (float32 observations
are exact float64 values too).
"""

import json
import math
import pathlib

import gymnasium as gym
import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "test" / "drills" / "fixtures"


def cartpole_balancer(obs, rng):
    """Pushes toward where the pole falls, with some noise: reaches the 500-step limit."""
    _, _, theta, theta_dot = obs
    if rng.random() < 0.1:
        return int(rng.integers(0, 2))
    return 1 if theta + 0.5 * theta_dot > 0 else 0


def acrobot_pump(obs, rng):
    """Torque along the second link's swing (energy pumping), with some noise: reaches the goal."""
    if rng.random() < 0.1:
        return int(rng.integers(0, 3))
    return 2 if obs[5] > 0 else 0


def uniform_random(n):
    return lambda obs, rng: int(rng.integers(0, n))


def record(env_id, episodes):
    env = gym.make(env_id)
    print(f"{env_id}: gymnasium {gym.__version__}, max_episode_steps {env.spec.max_episode_steps}")
    out = {
        "env": env_id,
        "gymnasium": gym.__version__,
        "max_episode_steps": env.spec.max_episode_steps,
        "episodes": [],
    }
    for seed, policy_name, policy in episodes:
        obs, _ = env.reset(seed=seed)
        rng = np.random.default_rng(seed)
        episode = {
            "seed": seed,
            "policy": policy_name,
            "initial_state": [float(v) for v in env.unwrapped.state],
            "initial_obs": [float(v) for v in obs],
            "actions": [],
            "steps": [],
        }
        while True:
            action = policy(obs, rng)
            obs, reward, terminated, truncated, _ = env.step(action)
            episode["actions"].append(action)
            episode["steps"].append({
                "obs": [float(v) for v in obs],
                "reward": float(reward),
                "terminated": bool(terminated),
                "truncated": bool(truncated),
                "state": [float(v) for v in env.unwrapped.state],
            })
            if terminated or truncated:
                break
        end = "terminated" if terminated else "truncated"
        print(f"  seed {seed} ({policy_name}): {len(episode['actions'])} steps, {end}, return {sum(s['reward'] for s in episode['steps'])}")
        out["episodes"].append(episode)
    assert all(math.isfinite(v) for e in out["episodes"] for s in e["steps"] for v in s["obs"])
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    fixtures = {
        "cartpole": record("CartPole-v1", [(s, "random", uniform_random(2)) for s in range(1, 9)] + [(100, "balancer", cartpole_balancer)]),
        "acrobot": record("Acrobot-v1", [(s, "random", uniform_random(3)) for s in range(1, 3)] + [(s, "pump", acrobot_pump) for s in range(100, 104)]),
    }
    for name, data in fixtures.items():
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(data, separators=(",", ":")) + "\n")
        print(f"wrote {path.relative_to(OUT.parent.parent.parent)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
