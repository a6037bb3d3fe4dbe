"""Slips in how a backprop answer hands back its two lists, the same whatever computed the slopes.

``reversed_layers(gradients)`` is the mistake of returning ``gradients``' lists from the last layer to the first
(the order backprop finds them in); ``swapped_pair`` returns (weight slopes, bias slopes); ``transposed_weight_slopes``
returns each weight slope transposed. Each takes the function that computes ``(bias_grads, weight_grads)`` for a
case and gives a ``Mistake``'s ``compute``.
"""


def reversed_layers(gradients):
    def slip(**case):
        bias_grads, weight_grads = gradients(**case)
        return bias_grads[::-1], weight_grads[::-1]

    return slip


def swapped_pair(gradients):
    def slip(**case):
        bias_grads, weight_grads = gradients(**case)
        return weight_grads, bias_grads

    return slip


def transposed_weight_slopes(gradients):
    def slip(**case):
        bias_grads, weight_grads = gradients(**case)
        return bias_grads, [g.T for g in weight_grads]

    return slip
