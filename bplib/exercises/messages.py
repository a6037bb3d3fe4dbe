"""Every sentence the exercises show the learner, in one place, so that a language is one file.

Each message is a whole sentence (or a whole noun phrase, such as "a vector of 3 numbers") with named
placeholders, never glued from fragments; a message that depends on a count is a pair (singular, plural).
``say`` fills a message in; ``say_count`` picks the form for a count first. A reference to the notebooks reads
"See NN, 'Heading'." and names a heading of notebook NN (tests/test_exercise_messages.py checks that it exists).
"""

from __future__ import annotations

from ..i18n import N_, _

Plural = tuple[str, str]


def say(message: str, **params) -> str:
    """``message`` in the current language (``bplib.set_language``), with its placeholders filled in."""
    return _(message).format(**params)


def say_count(message: Plural, count: int, **params) -> str:
    """The singular or plural form of ``message`` for ``count``, filled in (``count`` is a placeholder too)."""
    return say(message[0] if count == 1 else message[1], count=count, **params)


# --- what an answer is made of (noun phrases) ----------------------------------------------------------------

YOUR_ANSWER = N_("your answer")
A_NUMBER = N_("a number")
A_VECTOR: Plural = (N_("a vector of {count} number"), N_("a vector of {count} numbers"))
A_MATRIX = N_("a matrix of shape {shape}")
AN_ARRAY = N_("an array of shape {shape}")
NAMED_PARTS = N_("a pair ({names})")
A_LIST: Plural = (N_("a list of {count} item"), N_("a list of {count} items"))
A_LIST_OF_ARRAYS: Plural = (N_("a list of {count} array"), N_("a list of {count} arrays"))
SOMETHING_ELSE = N_("something else")

# --- answers that are not numbers, or not the structure asked for --------------------------------------------

IS_NONE = N_("{where} is None, not numbers.")
IS_ELLIPSIS = N_("{where} is still ... (the template's placeholder): replace it with your result.")
IS_BOOL = N_("{where} holds True/False values, not numbers.")
IS_TEXT = N_("{where} is text, such as {example}, not numbers: return the numbers themselves, not a string.")
IS_COMPLEX = N_(
    "{where} holds complex numbers, such as {example}: slopes are real numbers. Look for a square root of a "
    "negative number or a stray j."
)
IS_DICT = N_("{where} is a dict: return the numbers (an array or a list), not a dict.")
IS_SET = N_("{where} is a set: a set has no order, so return a list or an array.")
IS_ITERATOR = N_(
    "{where} is an iterator ({type}), which hands out its values only once, when asked: return a list or an "
    "array, for example list(...), or use return instead of yield."
)
TOO_LARGE = N_("{where} holds a number too large for a float, such as {example}: a float stops near 1.8e308.")
TOO_DEEP = N_("{where} is nested deeper than any answer here (a list inside itself?).")
UNREADABLE = N_("{where} could not be read as numbers: reading it raised {error}.")
NOT_NUMBERS = N_("{where} is an object of type {type}, not numbers: return an array, a list or a number.")
NOT_NUMBERS_ARRAY = N_("{where} is an array of {dtype} values, not numbers: return an array of floats.")
WRONG_KIND = N_("{where} is {got}; expected {expected}.")
ONE_NUMBER_IN_AN_ARRAY = N_(
    "{where} is an array holding one number ({value}): return the number itself, for example with float(...)."
)
EXTRA_AXIS = N_(
    "{where} has shape {got}; expected shape {expected}: it has an extra axis of length 1. Leave that axis out "
    "(for example with .reshape{expected})."
)
RAGGED = N_("{where} is a list of rows of different lengths ({lengths}): a matrix needs rows of equal length.")

# --- verdicts ------------------------------------------------------------------------------------------------

CORRECT: Plural = (N_("correct on {count} fresh random case."), N_("correct on {count} fresh random cases."))
NOT_DONE = N_("not done yet: replace the ... with your code and run the cell again.")
RETURNS_NOTHING = N_("not done yet: your function returns nothing (None) so far. End it with return and the result.")
IN_PLACE = N_("you changed {names} in place but returned nothing (None): return the result as well.")
NO_RETURN = N_("on case {case} your function returned nothing (None): does every path through it end in return?")
TIMEOUT = N_(
    "your function was still running after {seconds} seconds on case {case}, so the check stopped it. Look for "
    "a loop that never ends."
)
TIMEOUT_LATE = N_(
    "your function ran past the time limit of {seconds} seconds, so the check stopped it. Look for a loop that "
    "never ends."
)
RAISED = N_("on case {case} your function raised {error}")
RAISED_AT = N_("  raised at {line}")
PARAMETER_NAMES = N_(
    "your function's parameters are ({got}), but the checker passes ({expected}) by name. Keep the parameter "
    "names of the exercise's template."
)
BAD_SEED = N_("seed must be a whole number, 0 or more; got {got}.")
BAD_TIME_LIMIT = N_("time_limit must be a positive number of seconds, or None for no limit; got {got}.")
NOT_CALLABLE = N_(
    "pass your function itself, without brackets after its name ({name}, not {name}(...)); got an object of "
    "type {type}."
)
FLOAT32 = N_(
    "your numbers are float32 (or float16), which keep only about 7 digits, so they miss the reference by "
    "{error:.0e}. Compute in float64, numpy's default: leave out dtype=np.float32 and .astype(np.float32)."
)
NOT_FINITE_NAN = N_(
    "{where} holds NaN (not a number) on case {case}. Look for 0 / 0, the log of 0 or of a negative number, or "
    "an exp that overflowed."
)
NOT_FINITE_INF = N_(
    "{where} holds an infinite value on case {case}. Look for a division by zero or an exp that overflowed."
)
VALUES_DIFFER = N_("not right yet, and not a mistake this checker knows. On case {case}:")
ARRAYS_DIFFER: Plural = (
    N_(
        "not right yet, and not a mistake this checker knows: on case {case}, {count} of {total} arrays differs "
        "from the reference ({labels})."
    ),
    N_(
        "not right yet, and not a mistake this checker knows: on case {case}, {count} of {total} arrays differ "
        "from the reference ({labels})."
    ),
)
ARRAY_OK = N_("  {where}: ok")
ARRAY_DIFFERS = N_("  {where}: differs, relative error {error:.1e}")
ARRAY_SHOWN = N_("  {where}, the first array that differs:")
EXPECTED_GOT = N_("  expected {expected}\n  got      {got}")
WHOLE_BATCH = N_(
    "on case {case} you passed sample_gradients all {samples} samples at once, as one batch: it is there for one "
    "sample at a time, x[i] and y[i]. Call it once per sample and combine the slopes yourself."
)
NUDGED = N_(
    "this is a nudged slope, not backprop: your numbers agree with centred nudges, {error:.0e} away from the "
    "exact slopes, where backprop's formulas agree to rounding (below 1e-12). Compute the slopes with the chain "
    "rule, as the notebook does. See 01, 'How small should h be?'."
)
CALLS_CHECKER = N_(
    "your function calls a checker (exercises.check_...) itself: the checker calls your function, so that never "
    "ends. Call the checker after the function, in the cell, not inside it."
)

# --- how a case is described ---------------------------------------------------------------------------------

CASE = N_("  case {number} of {total}: {arguments}")
ARGUMENT_FUNCTION = N_("{name}: a function")
ARGUMENT_ARRAYS: Plural = (
    N_("{name}: a list of {count} array of shape {shapes}"),
    N_("{name}: a list of {count} arrays of shapes {shapes}"),
)
ARGUMENT_VECTOR: Plural = (N_("{name}: a vector of {count} number"), N_("{name}: a vector of {count} numbers"))
ARGUMENT_MATRIX = N_("{name}: a matrix of shape {shape}")

# --- 01: nudging --------------------------------------------------------------------------------------------

FORWARD_SLOPE_TITLE = N_("01 · forward slope")
CENTRED_SLOPE_TITLE = N_("01 · centred slope")
SLOPE_IS_A_NUMBER = N_("The slope of one parameter is one number: (change in loss) / (change in the parameter).")
FORWARD_GAVE_CENTRED = N_(
    "you computed the centred difference; this exercise asks for the article's one-sided nudge "
    "(C(p + h) - C(p)) / h. See 01, 'How small should h be?'."
)
FORWARD_SIGN = N_(
    "your slope has the wrong sign: it is (C(p) - C(p + h)) / h. The slope is the loss after the nudge minus "
    "the loss before, over h. See 01, 'Nudge one bias'."
)
FORWARD_NO_DIVISION = N_("you return the change in loss but did not divide it by h. See 01, 'Nudge one bias'.")
FORWARD_2H = N_(
    "you divided by 2h: the one-sided nudge moves the parameter by h only (2h is for the centred nudge). "
    "See 01, 'How small should h be?'."
)
FIXED_STEP = N_(
    "you used a fixed step instead of the h passed to your function: nudge by h, and divide by it. "
    "See 01, 'How small should h be?'."
)
FORWARD_CONFIRM = N_(
    "With the cases' steps h ({steps}) it is up to {error:.0e} away from the true slope (a centred nudge with "
    "h = 1e-5): the error of a one-sided nudge shrinks only like h."
)
CENTRED_GAVE_FORWARD = N_(
    "this is the one-sided (forward) difference, but the centred one is asked for: (C(p + h) - C(p - h)) / 2h. "
    "See 01, 'How small should h be?'."
)
CENTRED_H_NOT_2H = N_(
    "you divided by h, but the two nudged points are 2h apart: divide by 2h. See 01, 'How small should h be?'."
)
CENTRED_SIGN = N_(
    "your slope has the wrong sign: take C(p + h) - C(p - h), not the other way round. "
    "See 01, 'How small should h be?'."
)
CENTRED_CONFIRM = N_(
    "With the cases' steps h ({steps}) it is within {error:.0e} of the true slope (a centred nudge with h = 1e-5), "
    "far closer than a one-sided nudge: its error shrinks like h²."
)
CENTRED_TIMES_H = N_(
    "you wrote / 2 * h, which Python reads as (... / 2) * h: it multiplies by h. Put the brackets in, / (2 * h). "
    "See 01, 'How small should h be?'."
)

# --- 02: the output layer -----------------------------------------------------------------------------------

OUTPUT_DELTA_TITLE = N_("02 · output delta")
CROSS_ENTROPY_DELTA_TITLE = N_("02 · cross-entropy delta")
DELTA_SHAPE = N_("A layer's delta has one entry per unit of the layer, so it has the shape of z.")
OUTPUT_FLIPPED_SIGN = N_(
    "your slopes have the wrong sign: you used desired - a, but cost_derivative(desired, a) = a - desired. "
    "See 02, 'The sign of cost_derivative'."
)
OUTPUT_NO_DERIVATIVE = N_(
    "you left out activate_derivative(z): a - desired is the slope with respect to a, not to the bias. "
    "See 02, 'The formula: delta'."
)
OUTPUT_SIGMA_NOT_SLOPE = N_(
    "you multiplied by sigma(z), where its slope sigma'(z) = sigma(z) (1 - sigma(z)) belongs. "
    "See 02, 'The formula: delta'."
)
OUTPUT_Z_FOR_A_IN_SLOPE = N_(
    "you used z (1 - z) as the sigmoid's slope: it is a (1 - a), with a = sigma(z), the activated output. "
    "See 02, 'The formula: delta'."
)
OUTPUT_SLOPE_AT_A = N_(
    "you took the sigmoid's slope at a instead of at z: activate_derivative takes the weighted input z "
    "(for the sigmoid, sigma'(z) = a (1 - a)). See 02, 'The formula: delta'."
)
OUTPUT_FACTOR_2 = N_(
    "your slopes are twice the right ones: the cost is 1/2 sum (desired - a)², and the 1/2 cancels the 2 that "
    "the derivative brings down, so cost_derivative = a - desired. See 02, 'The formula: delta'."
)
OUTPUT_INDEX_0 = N_(
    "every entry equals the slope of bias 0: an index [0] where [i] belongs, the article's loop bug. "
    "See 02, 'The article's loop, as printed'."
)
OUTPUT_Z_FOR_A = N_(
    "you used z where the activated output a belongs in cost_derivative: the cost compares a with desired. "
    "See 02, 'The formula: delta'."
)
OUTPUT_COST_NOT_SLOPE = N_(
    "you returned each output's cost, not its slope: the bias slope is how fast the cost changes as the bias "
    "moves. See 02, 'The formula: delta'."
)
CROSS_ENTROPY_KEPT_SLOPE = N_(
    "you multiplied by activate_derivative(z): with cross-entropy it cancels, leaving a - desired. "
    "See 02, 'A different cost: cross-entropy'."
)
CROSS_ENTROPY_FLIPPED_SIGN = N_("the sign is flipped: the slope is a - desired. See 02, 'The sign of cost_derivative'.")
CROSS_ENTROPY_DC_DA = N_(
    "you returned (a - desired) / (a (1 - a)), which is dC/da, the slope with respect to a: multiply it by "
    "sigma'(z) = a (1 - a) to get the slope with respect to the bias. See 02, 'A different cost: cross-entropy'."
)
OUTPUT_CONFIRM = N_("Largest relative error against centred nudges of the biases: {error:.0e}.")
CROSS_ENTROPY_Z_FOR_A = N_(
    "you used z where the activated output a belongs: the slope is a - desired, with a = sigma(z). "
    "See 02, 'A different cost: cross-entropy'."
)

# --- 03: weight gradients -----------------------------------------------------------------------------------

WEIGHTS_FLAT_TITLE = N_("03 · weight slopes, flat column-major")
WEIGHTS_MATRIX_TITLE = N_("03 · weight slopes as a matrix")
WEIGHTS_FLAT_SHAPE = N_(
    "The article keeps the weight slopes in one flat list, column by column: entry bias_index + input_index * "
    "len(bias_grads). See 03, 'The article's loop over a flat, column-major list'."
)
WEIGHTS_MATRIX_SHAPE = N_(
    "The weight slopes have the shape of the weights, (number of outputs, number of inputs): row i belongs to "
    "output i, column k to input k. See 03, 'The same thing as one matrix product'."
)
WEIGHTS_ROW_MAJOR = N_(
    "the right numbers in row-major order (or the transposed matrix, column by column): the article stores "
    "column by column, index = bias_index + input_index * len(bias_grads). "
    "See 03, 'The article's loop over a flat, column-major list'."
)
WEIGHTS_INDEX_0 = N_(
    "every row uses bias_grads[0]: an index [0] where the loop's bias_index belongs. "
    "See 02, 'The article's loop, as printed'."
)
WEIGHTS_TRANSPOSED = N_(
    "your matrix is transposed, (inputs, outputs): the weights have shape (outputs, inputs), so the slopes are "
    "outer(bias_grads, inputs), a column times a row. See 03, 'The same thing as one matrix product'."
)
WEIGHTS_1D_TRANSPOSE = N_(
    "bias_grads @ inputs.T is a dot product, one number (and an error when the lengths differ): .T does nothing "
    "to a 1-D array. Use np.outer(bias_grads, inputs), or make a column and a row: bias_grads[:, None] * "
    "inputs[None, :]. See 03, 'The same thing as one matrix product'."
)
WEIGHTS_SUMMED = N_(
    "you summed the products into one number: each weight has its own slope, so keep the whole outer product. "
    "See 03, 'The same thing as one matrix product'."
)
WEIGHTS_FLAT_LIST = N_(
    "you returned the slopes as one flat list: this exercise asks for the matrix, shaped like the weights "
    "(outputs, inputs). See 03, 'The same thing as one matrix product'."
)
WEIGHTS_CONFIRM = N_(
    "Largest relative error against centred nudges of the weights (of a layer whose bias slopes are bias_grads): "
    "{error:.0e}."
)

# --- 04: hidden layers --------------------------------------------------------------------------------------

HIDDEN_DELTA_TITLE = N_("04 · hidden delta")
TANH_DELTA_TITLE = N_("04 · hidden delta for tanh units")
TWO_LAYERS_TITLE = N_("05 · backprop through two layers")
HIDDEN_MISSING_FACTOR = N_(
    "your hidden deltas equal W^T delta without the activate_derivative(z) factor: that is the slope with "
    "respect to the hidden activations, the article's slip. See 04, 'The missing factor'."
)
HIDDEN_TRANSPOSED = N_(
    "you multiplied by W_next instead of its transpose: hidden unit j collects column j of W_next "
    "(W_next.T @ delta_next). See 04, 'The article's hidden formula'."
)
HIDDEN_TRANSPOSED_MISSING_FACTOR = N_(
    "you multiplied by W_next instead of its transpose, and left out the activate_derivative(z) factor: hidden "
    "unit j collects column j of W_next (W_next.T @ delta_next), and that sum is then multiplied by "
    "activate_derivative(z). See 04, 'The article's hidden formula'."
)
HIDDEN_FACTOR_BEFORE_TRANSPOSE = N_(
    "you multiplied delta_next by the slope factor before W^T: the factor belongs to the hidden layer, so apply "
    "it after, (W_next.T @ delta_next) * activate_derivative(z). (On a non-square W it cannot even be "
    "computed.) See 04, 'The missing factor'."
)
HIDDEN_SIGMA_NOT_SLOPE = N_(
    "you multiplied by sigma(z) instead of its slope sigma'(z) = sigma(z) (1 - sigma(z)). See 04, 'The missing factor'."
)
HIDDEN_Z_FOR_A = N_(
    "you used z (1 - z) as the sigmoid's slope: it is a (1 - a), with a = sigma(z). See 04, 'The missing factor'."
)
HIDDEN_SLOPE_AT_A = N_(
    "you took the sigmoid's slope at a = sigma(z) instead of at z: sigma'(z) = a (1 - a). See 04, 'The missing factor'."
)
HIDDEN_CONFIRM = N_("Largest relative error against centred nudges of the hidden biases: {error:.0e}.")
TANH_TWICE = N_(
    "you took tanh twice, 1 - tanh(tanh(z))²: the slope of tanh at z is 1 - tanh(z)², with tanh taken once. "
    "(If a = tanh(z) is at hand, it is 1 - a².)"
)
TWO_LAYERS_OUTPUT_MISSING_FACTOR = N_(
    "your output layer's delta lacks the sigma'(z) factor: a - y is the slope with respect to its activations; "
    "multiply by activate_derivative(z) (the quadratic cost does not cancel it). See 02, 'The formula: delta'."
)
TANH_SIGMOID_SLOPE = N_(
    "you used the sigmoid's slope a (1 - a): these units are tanh, whose slope is 1 - tanh(z)². Only the "
    "activate_derivative factor changes from exercise 1."
)
TANH_NOT_SLOPE = N_("you multiplied by tanh(z) itself, where its slope 1 - tanh(z)² belongs.")
TANH_NOT_SQUARED = N_("you multiplied by 1 - tanh(z): the slope of tanh is 1 - tanh(z)², with the square.")
TANH_Z_FOR_A = N_(
    "you used 1 - z², with z where tanh(z) belongs: the slope of tanh is 1 - tanh(z)², the activation squared."
)
TWO_LAYERS_MISSING_FACTOR = N_(
    "your hidden-layer slopes lack the sigma'(z) factor (the article's hidden formula). See 04, 'The missing factor'."
)
TWO_LAYERS_REVERSED = N_(
    "your lists run from the last layer to the first, the order backprop finds them in: return them in the "
    "order of the layers, bias_grads[0] for layer 0 (reverse the lists at the end). "
    "See 05, 'Backprop for any depth'."
)
GRADIENTS_SWAPPED = N_(
    "you returned (weight_grads, bias_grads): the order is (bias_grads, weight_grads), biases first, as "
    "bplib.backprop returns them."
)
TWO_LAYERS_TRANSPOSED = N_(
    "your weight slopes are transposed, (inputs, outputs): each has the shape of its weights, (outputs, "
    "inputs), so it is np.outer(delta, a_previous). See 03, 'The same thing as one matrix product'."
)
TWO_LAYERS_Z_FOR_A = N_(
    "your last layer's weight slopes use the hidden layer's z where its activation a = sigma(z) belongs: a "
    "weight multiplies the activation coming in. See 04, 'Hidden weight slopes, and a check of everything'."
)
TWO_LAYERS_Z_SLOPE = N_(
    "you used z (1 - z) as the sigmoid's slope: it is a (1 - a), with a = sigma(z). See 04, 'The missing factor'."
)
TWO_LAYERS_FLIPPED_SIGN = N_(
    "your slopes have the wrong sign: cost_derivative(desired, a) = a - y, not y - a. "
    "See 02, 'The sign of cost_derivative'."
)
GRADIENT_SHAPES = N_(
    "Each slope has the shape of its parameter: bias_grads[l] like biases[l], and weight_grads[l] like "
    "weights[l], (outputs, inputs). See 03, 'The same thing as one matrix product'."
)
BACKPROP_CONFIRM = N_("Largest relative error against centred nudges of every parameter: {error:.0e}.")

# --- 05: training -------------------------------------------------------------------------------------------

SGD_STEP_TITLE = N_("06 · one SGD step")
BATCH_TITLE = N_("06 · gradients of a batch")
STEP_SHAPES = N_("Return the new parameters shaped like the old ones: (weights, biases), two lists of arrays.")
STEP_ASCENT = N_(
    "you added the slopes: that climbs the loss (gradient ascent). Step against them, p - learning_rate * "
    "slope. See 06, 'SGD in the open'."
)
STEP_NO_RATE = N_("you left out the learning rate: multiply each slope by learning_rate. See 06, 'SGD in the open'.")
STEP_BIASES_FROZEN = N_("your step leaves the biases unchanged: they learn too. See 06, 'SGD in the open'.")
STEP_WEIGHTS_FROZEN = N_("your step leaves the weights unchanged: they learn too. See 06, 'SGD in the open'.")
STEP_RATE_OVER_M = N_(
    "you divided the learning rate by the batch size, as Nielsen's update_mini_batch does with summed slopes: "
    "bplib.backprop already returns the mean over the batch, so the step is p - learning_rate * slope. "
    "See 06, 'SGD in the open'."
)
STEP_SUMMED = N_(
    "your step is as large as the sum of the samples' slopes: bplib.backprop already returns the mean over "
    "the batch, so the step is p - learning_rate * slope. See 06, 'SGD in the open'."
)
STEP_PER_SAMPLE = N_(
    "you took one step per sample, one after the other: this exercise asks for one step for the whole batch, "
    "with the batch's slopes from one call of bplib.backprop on x and y. See 06, 'SGD in the open'."
)
STEP_SWAPPED = N_("you returned (biases, weights): the order is (weights, biases), as the function receives them.")
LOSS_CHANGE = N_("{before:.4f} → {after:.4f}")
STEP_CONFIRM = N_("The loss fell on every case: {changes}.")
BATCH_SUMMED = N_(
    "you summed the samples' slopes but did not average them: divide by the batch size (the loss of a batch is "
    "the mean over its samples). See 06, 'Batches: the loss of a batch is a mean'."
)
BATCH_FIRST_SAMPLE = N_(
    "your result is the first sample's slopes only: an index [0] where the loop over the samples belongs. "
    "See 06, 'Batches: the loss of a batch is a mean'."
)
BATCH_LAST_SAMPLE = N_(
    "your result is the last sample's slopes only: a loop that overwrites its result instead of adding to it. "
    "See 06, 'Batches: the loss of a batch is a mean'."
)
BATCH_BIASES_SUMMED = N_(
    "you averaged the weight slopes but only summed the bias slopes: divide both by the batch size. "
    "See 06, 'Batches: the loss of a batch is a mean'."
)
BATCH_WEIGHTS_SUMMED = N_(
    "you averaged the bias slopes but only summed the weight slopes: divide both by the batch size. "
    "See 06, 'Batches: the loss of a batch is a mean'."
)
BATCH_M_MINUS_1 = N_(
    "you divided by m - 1: the batch's loss is the plain mean of its m samples' costs, so divide by m "
    "(m - 1 belongs to a sample variance, not here). See 06, 'Batches: the loss of a batch is a mean'."
)
BATCH_CONFIRM = N_("Largest relative error against centred nudges of the batch's loss: {error:.0e}.")

# --- solutions -----------------------------------------------------------------------------------------------

SOLUTION_HEADING = N_("One solution of {title} (others are right too):")

# --- 07: handwritten digits ----------------------------------------------------------------------------------

INPUT_SLOPES_TITLE = N_("08 · slope with respect to the inputs")
INPUT_SLOPES_SHAPE = N_(
    "The slopes with respect to the inputs have a row per sample and an entry per input: the shape of x, (m, n_in)."
)
INPUT_DIVIDED_BY_M = N_(
    "you divided each sample's slopes by the batch size: each row is the slope of that sample's own cost, not of "
    "the batch's mean, so nothing is divided. See 08, 'Backprop one layer further: which pixels matter'."
)
INPUT_DELTA_ITSELF = N_(
    "you returned delta_0, the first layer's bias slopes: one more step back is needed, through the first "
    "layer's weights, W_0^T delta_0. See 08, 'Backprop one layer further: which pixels matter'."
)
INPUT_NOT_TRANSPOSED = N_(
    "you multiplied by W_0 instead of its transpose: input k collects column k of W_0 (weights[0].T @ delta_0). "
    "See 08, 'Backprop one layer further: which pixels matter'."
)
INPUT_EXTRA_FACTOR = N_(
    "you multiplied by sigma'(x): the inputs pass through no activation, so the step back to them has no "
    "activate_derivative factor. See 08, 'Backprop one layer further: which pixels matter'."
)
INPUT_ONE_LAYER_SHORT = N_(
    "you stopped at the hidden layer: W_1^T delta_1 is the slope with respect to the hidden activations; go on "
    "through sigma'(z_0) and W_0. See 08, 'Backprop one layer further: which pixels matter'."
)
INPUT_SIGN = N_(
    "your slopes have the wrong sign: delta_0 = dC/dz_0 as backprop gives it, not minus it. "
    "See 08, 'Backprop one layer further: which pixels matter'."
)
INPUT_CONFIRM = N_("Largest relative error against centred nudges of the inputs: {error:.0e}.")
ACCURACY_PER_DIGIT_TITLE = N_("08 · accuracy per digit")
ACCURACY_PER_DIGIT_SHAPE = N_(
    "One accuracy per digit: an array of 10, entry d for the digit d (nan for a digit with no samples)."
)
ACCURACY_ROW_MAXIMUM = N_(
    "you took each row's largest entry, the answer given most often for that digit: that is the right one only "
    "when the network reads the digit right more often than as any other. Take the diagonal entry confusion[d, d]."
)
ACCURACY_BY_ANSWER = N_(
    "you divided by the column sums: of the digits the network answered d, how many were d. Asked is, of the "
    "digits that were d (row d), how many it read right: divide by the row sums, confusion.sum(axis=1)."
)
ACCURACY_COUNTS = N_(
    "you returned how many of each digit were read right (the diagonal): divide each by how many of that digit "
    "there were, its row's sum."
)
ACCURACY_PERCENT = N_("you returned percentages: fractions (between 0 and 1) are asked for.")
ACCURACY_ERROR_RATE = N_("you returned the fractions that are wrong: the fractions that are right are asked for.")
ACCURACY_OVERALL = N_(
    "you returned the overall accuracy for every digit: each digit's own is asked for, the diagonal entry of its "
    "row over the row's sum."
)

# --- 03: the weight slopes of a batch, one matrix product ---
WEIGHTS_BATCH_TITLE = N_("03 · weight slopes of a batch, one matrix product")
WEIGHTS_BATCH_SHAPE = N_(
    "The slopes have the shape of the weights, (number of outputs, number of inputs), however many samples there "
    "are: deltas is (samples, outputs), inputs is (samples, inputs). See 03, 'Which way round? Let the shapes "
    "decide'."
)
WEIGHTS_BATCH_TRANSPOSED = N_(
    "your matrix is transposed, (inputs, outputs): that is inputs.T @ deltas. The weights have shape (outputs, "
    "inputs), so the outputs come first: deltas.T @ inputs. See 03, 'Which way round? Let the shapes decide'."
)
WEIGHTS_BATCH_SAMPLES_PAIRED = N_(
    "deltas @ inputs.T pairs samples with samples: its entry [s, t] is sample s's delta times sample t's input, "
    "summed over the outputs and inputs as if they were one axis. A weight's slope pairs output i with input k and "
    "adds over the samples, so the samples' axis is the one the product must add over: deltas.T @ inputs. "
    "See 03, 'Which way round? Let the shapes decide'."
)
WEIGHTS_BATCH_UNTRANSPOSED = N_(
    "deltas @ inputs adds the outputs of each delta against the samples of inputs (it runs only when there are as "
    "many outputs as samples). Transpose deltas, so that the product adds over the samples: deltas.T @ inputs. "
    "See 03, 'Which way round? Let the shapes decide'."
)
WEIGHTS_BATCH_MEAN = N_(
    "you divided by the number of samples: that is the slope of the mean loss, which training uses (notebook 06). "
    "Asked here is the slope of the total loss, the plain sum of the samples' outer products. "
    "See 03, 'Exercise 3 · A batch of samples: one matrix product'."
)
WEIGHTS_BATCH_SUMMED_FIRST = N_(
    "you added the deltas and the inputs first and took one outer product of the sums: (δ₀ + δ₁)(x₀ + x₁)ᵀ holds "
    "the cross terms δ₀x₁ᵀ + δ₁x₀ᵀ, one sample's delta times another sample's input, which no loss contains. "
    "Each sample's slopes are its own outer product; add those. See 03, 'The same thing as one matrix product'."
)
WEIGHTS_BATCH_FIRST = N_(
    "only the first sample's outer product: every sample's loss is in the total, so every sample's outer product "
    "is in its slope. See 03, 'Exercise 3 · A batch of samples: one matrix product'."
)
WEIGHTS_BATCH_FIRST_TWO = N_(
    "right for two samples, but the later cases have three and four samples and your answer leaves out all but the "
    "first two: one matrix product adds every row, however many there are. "
    "See 03, 'Exercise 3 · A batch of samples: one matrix product'."
)
WEIGHTS_BATCH_LOOPS = N_(
    "the right numbers, from a loop over the samples: the exercise asks for one matrix product of deltas and "
    "inputs, with no loop (the matrix product is the loop, done by numpy; notebook 07 times the difference). "
    "See 03, 'Exercise 3 · A batch of samples: one matrix product'."
)
WEIGHTS_BATCH_CALLS_OUTER = N_(
    "the right numbers, from np.outer, one sample at a time: the exercise asks for one matrix product of deltas "
    "and inputs, which makes every sample's outer product and adds them in one step. "
    "See 03, 'Exercise 3 · A batch of samples: one matrix product'."
)
WEIGHTS_BATCH_CONFIRM = N_(
    "Largest relative error against centred nudges of the weights, the samples' losses added: {error:.0e}."
)
